import { describe, expect, it } from 'vitest';
import { addPngText, crc32, embedInSvg, extractFromSvg, openFile, PNG_DESIGN_KEYWORD, PNG_KEYWORD, readPngText, titleOf, MAX_SCENARIO_CHARS } from '../../src/share';
import { parseScenario } from '../../src/scn';
import { libraryText } from '../library';

const demo = libraryText('demo-v3-usage.scn');
// A 1×1 PNG.
const PNG = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'));
const parse = (t: string) => {
  const p = parseScenario(t);
  return { statements: p.script.stmts.filter((s) => s.kind !== 'note').length, errors: p.errors };
};
const bytes = (s: string) => new TextEncoder().encode(s);
const TRICKY = `${demo}\n## <script>alert(1)</script> & "quotes" ]]> \r\n ünïcödé 🚀`;

describe('PNG text chunks', () => {
  it('crc32 matches the reference value', () => expect(crc32(bytes('123456789'))).toBe(0xcbf43926));
  it('round-trips UTF-8 text and keeps the image valid', () => {
    const out = addPngText(addPngText(PNG, PNG_KEYWORD, TRICKY), PNG_DESIGN_KEYWORD, 'pasid-6.x');
    expect(readPngText(out, PNG_KEYWORD)).toBe(TRICKY);
    expect(readPngText(out, PNG_DESIGN_KEYWORD)).toBe('pasid-6.x');
    expect(readPngText(PNG, PNG_KEYWORD)).toBeNull();
    expect(Buffer.from(out.subarray(out.length - 12)).toString('latin1')).toContain('IEND');
  });
});

describe('SVG embedding', () => {
  it('round-trips any text and design', () => {
    const svg = embedInSvg('<svg xmlns="http://www.w3.org/2000/svg" width="10"><g/></svg>', { text: TRICKY, design: 'v3-group-flag' });
    expect(svg).not.toContain('<script>');
    expect(extractFromSvg(svg)).toEqual({ text: TRICKY, design: 'v3-group-flag' });
    expect(extractFromSvg('<svg/>')).toBeNull();
  });
});

describe('opening files', () => {
  it('opens scenarios, exported images, and refuses the rest with a reason', () => {
    expect(openFile('a.scn', bytes(demo), parse)).toEqual({ ok: true, text: demo, design: null, from: 'text' });
    expect(openFile('typo.scn', bytes(`${demo}\nvfio_attach_group(C G_m1)\n`), parse)).toMatchObject({ ok: true });
    const png = addPngText(PNG, PNG_KEYWORD, demo);
    expect(openFile('g.png', png, parse)).toEqual({ ok: true, text: demo, design: null, from: 'png' });
    const svg = embedInSvg('<svg xmlns="http://www.w3.org/2000/svg"></svg>', { text: demo, design: 'driver-map' });
    expect(openFile('g.svg', bytes(svg), parse)).toEqual({ ok: true, text: demo, design: 'driver-map', from: 'svg' });

    const refuse = (name: string, b: Uint8Array, re: RegExp) => {
      const r = openFile(name, b, parse);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).toMatch(re);
    };
    refuse('README.md', bytes('# Title\nSome prose about the project.\nMore prose here.\n'), /does not look like a scenario/);
    refuse('x.png', PNG, /without a scenario/);
    refuse('x.svg', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), /without a scenario/);
    refuse('x.jpg', Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), /without a scenario/);
    refuse('a.out', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]), /binary/);
    refuse('latin1.txt', Uint8Array.from([0x63, 0xe9, 0x0a]), /not UTF-8/);
    refuse('big.scn', bytes('container C\n'.repeat(MAX_SCENARIO_CHARS / 10)), /limited to 256 KB/);
    refuse('broken.png', PNG.subarray(0, 40), /damaged PNG/);
  });
  it('titles a scenario by its first comment', () => expect(titleOf(demo)).toMatch(/^The usage scenario/));
});
