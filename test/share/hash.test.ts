import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash } from '../../src/share/hash';

describe('URL hash', () => {
  it('round-trips any text and design', () => {
    for (const text of ['', 'pci P1\nmdev m1 parent=P1\n', 'a & b = c # 100% %zz\n→ ✓', 'x+y']) {
      const h = encodeHash({ text, design: 'pasid-6.x' });
      expect(decodeHash(h)).toEqual({ text, design: 'pasid-6.x' });
    }
  });
  it('reads a hand-written link, design optional', () => {
    expect(decodeHash('#text=pci%20P1%0Amdev%20m1%20parent%3DP1')).toEqual({ text: 'pci P1\nmdev m1 parent=P1', design: null });
  });
  it('keeps a malformed escape as raw text instead of failing, and says it is broken', () => {
    expect(decodeHash('#text=pci%ZZ P1&design=v3-group-flag')).toEqual({ text: 'pci%ZZ P1', design: 'v3-group-flag', broken: true });
    expect(decodeHash('#text=%E0%A4%A').broken).toBe(true);
  });
  it('ignores unknown keys and an empty hash', () => {
    expect(decodeHash('')).toEqual({ text: null, design: null });
    expect(decodeHash('#foo=1')).toEqual({ text: null, design: null });
  });
});
