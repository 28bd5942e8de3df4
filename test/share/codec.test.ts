import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeShare, encodeShare, isShareHash, MAX_SCENARIO_CHARS, type ShareState } from '../../src/share';
import { encodeHash } from '../../src/share/hash';
import { libraryText } from '../library';

const demo = libraryText('demo-v3-usage.scn');
const DESIGNS = ['upstream-5.8', 'v3-group-flag', 'domain-flag', 'driver-map', 'pasid-6.x'];

const scenarioLine = fc.oneof(
  fc.constantFrom('pci P1 pasids=1048576 siov', 'mdev m1 parent=P1', 'container C', 'vfio_attach_group(C, G_m1) => 0', '## narration: 50% & <b>bold</b>', 'design: upstream-5.8, pasid-6.x', ''),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const arbState: fc.Arbitrary<ShareState> = fc.record({
  text: fc.oneof(fc.array(scenarioLine, { maxLength: 40 }).map((ls) => ls.join('\n')), fc.string({ unit: 'binary', maxLength: 500 })),
  designs: fc.uniqueArray(fc.constantFrom(...DESIGNS), { maxLength: 3 }),
  step: fc.option(fc.nat({ max: 10_000 }), { nil: null }),
});

describe('share link codec', () => {
  it('property: decode(encode(s)) == s for random scenarios, designs and steps', async () => {
    await fc.assert(
      fc.asyncProperty(arbState, async (s) => {
        const hash = await encodeShare(s);
        expect(hash.startsWith('#v=1&')).toBe(true);
        expect(hash.slice(1)).not.toMatch(/[\s#]/);
        const r = await decodeShare(hash);
        expect(r).toEqual({ ok: true, version: 1, state: s });
      }),
      { numRuns: 300 },
    );
  });

  it('is compact: the demo compresses to well under its URI-encoded size', async () => {
    const hash = await encodeShare({ text: demo, designs: ['v3-group-flag'], step: 3 });
    expect(hash).toMatch(/^#v=1&z=[A-Za-z0-9_-]+&d=v3-group-flag&s=3$/);
    expect(hash.length).toBeLessThan(encodeURIComponent(demo).length * 0.7) // 542 vs 859 characters;
  });

  it('uses plain text when that is shorter', async () => {
    expect(await encodeShare({ text: 'container C', designs: [], step: null })).toBe('#v=1&t=container%20C');
  });

  it('keeps opening v0 links (#text=…&design=…)', async () => {
    const r = await decodeShare(encodeHash({ text: demo, design: 'driver-map' }));
    expect(r).toEqual({ ok: true, version: 0, state: { text: demo, designs: ['driver-map'], step: null } });
    expect(isShareHash('#text=x')).toBe(true);
    expect(isShareHash('#v=1&z=abc')).toBe(true);
    expect(isShareHash('')).toBe(false);
    expect(isShareHash('#section-2')).toBe(false);
  });

  it('refuses damaged, newer and oversized links with a message', async () => {
    const good = await encodeShare({ text: demo, designs: [], step: null });
    const cut = await decodeShare(good.slice(0, good.length - 25));
    expect(cut).toMatchObject({ ok: false, reason: 'damaged' });
    expect((await decodeShare('#v=1&z=%%%'))).toMatchObject({ ok: false, reason: 'damaged' });
    expect((await decodeShare('#v=1&t=%E0%A4%A'))).toMatchObject({ ok: false, reason: 'damaged' });
    // The v0 form too: a bad escape is a broken link, not text to open (issue 20).
    expect((await decodeShare('#text=%E0%A4%A'))).toMatchObject({ ok: false, reason: 'damaged', message: expect.stringContaining('broken %-escape') });
    expect((await decodeShare('#text=pci%ZZ%20P1&design=v3-group-flag'))).toMatchObject({ ok: false, reason: 'damaged' });
    expect((await decodeShare('#v=1'))).toMatchObject({ ok: false, reason: 'damaged' });
    const newer = await decodeShare('#v=7&q=whatever');
    expect(newer).toMatchObject({ ok: false, reason: 'newer' });
    if (!newer.ok) expect(newer.message).toContain('newer version');
    const huge = await encodeShare({ text: 'x'.repeat(MAX_SCENARIO_CHARS + 1), designs: [], step: null });
    expect(huge.length).toBeLessThan(2000); // a zip bomb in miniature
    expect(await decodeShare(huge)).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await decodeShare(`#text=${'y'.repeat(MAX_SCENARIO_CHARS + 1)}`)).toMatchObject({ ok: false, reason: 'too-large' });
    expect(await decodeShare('#nothing=here')).toMatchObject({ ok: false, reason: 'none' });
  });

  it('drops design ids that are not ids, and bad steps', async () => {
    expect(await decodeShare('#v=1&t=a&d=ok-1,<script>,&s=-3')).toEqual({ ok: true, version: 1, state: { text: 'a', designs: ['ok-1'], step: null } });
  });
});

describe('share link: the compare view', () => {
  const deflater = { deflate: async (b: Uint8Array) => b, inflate: async (b: Uint8Array) => b };
  it('carries the compared designs, the view and the level; d lists the shown design first, then the compared', async () => {
    const hash = await encodeShare({ text: 'pci P1\n', designs: ['pasid-6.x'], step: 2, compare: { mode: 'compare', designs: ['upstream-5.8', 'driver-map'], level: 'observable' } }, deflater);
    expect(hash).toMatch(/&d=pasid-6\.x,upstream-5\.8,driver-map&/);
    const r = await decodeShare(hash, deflater);
    expect(r.ok && r.state).toMatchObject({ designs: ['pasid-6.x', 'upstream-5.8', 'driver-map'], step: 2, compare: { mode: 'compare', designs: ['upstream-5.8', 'driver-map'], level: 'observable' } });
  });
  it('a link without them has no compare state (old links open as before)', async () => {
    const r = await decodeShare(await encodeShare({ text: 'pci P1\n', designs: ['pasid-6.x'], step: null }, deflater), deflater);
    expect(r.ok && r.state.compare).toBeUndefined();
  });
});
