/**
 * The mail report's own rule, for any input: printable ASCII only, every line ≤ 72 columns
 * (issue 24 found a raw U+202E and 74-column lines), and no stack overflow on a long text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mailReport } from '../../src/report/mail';
import { plain } from '../../src/report/text';

const PRINTABLE = /^[\x20-\x7e]*$/;

function expectMailLines(report: string): void {
  const lines = report.replace(/\n$/, '').split('\n');
  for (const l of lines) {
    expect(l.length, l).toBeLessThanOrEqual(72);
    expect(l, JSON.stringify(l)).toMatch(PRINTABLE);
  }
}

const line = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.constantFrom('pci P1 pasids=8 siov', 'D = iommu_domain_alloc(pci)', 'iommu_aux_attach_device(D, P1) => 0 # ok', 'design: upstream-5.8, driver-map'),
  fc.string({ unit: 'binary', maxLength: 90 }).map((s) => `# ${s}`),
  fc.string({ unit: 'binary', maxLength: 90 }).map((s) => `iommu_map(D, 0x1000, 0x1000, 0x1000, 3) => 0 # ${s}`),
);

describe('mail report: ASCII, 72 columns, any input', () => {
  it('holds for arbitrary text (control characters, bidi overrides, astral planes)', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 40 }), (lines, file) => {
        expectMailLines(mailReport(lines.join('\n'), { file, designs: ['upstream-5.8', 'driver-map'] }));
      }),
      { seed: 24, numRuns: 150 },
    );
  });

  it('writes a character outside printable ASCII as <U+XXXX>', () => {
    expect(plain('a\u202eb\u0001c\u{1f600}')).toBe('a<U+202E>b<U+0001>c<U+1F600>');
    expect(plain('x \u2192 y\tz')).toBe('x -> y  z');
    const r = mailReport('# title \u202e reversed\niommu vtd\npci P1 pasids=8 siov # \u0007 bell\n', { designs: ['upstream-5.8'] });
    expect(r).toContain('<U+202E>');
    expect(r).toContain('<U+0007>');
    expectMailLines(r);
  });

  it('a 130,000-line scenario does not overflow the stack', () => {
    const text = ['# long', 'design: upstream-5.8', 'iommu vtd', 'pci P1 pasids=8 siov', ...Array.from({ length: 130_000 }, (_, i) => `# note ${i}`), 'iommu_domain_alloc(pci)'].join('\n');
    const r = mailReport(text);
    expect(r.split('\n').length).toBeGreaterThan(130_000);
    expectMailLines(r);
  }, 60_000);
});
