/** Links carry a design variant as written (`driver-map+present-check=off`), in every format. */
import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare } from '../../src/share/codec';
import { decodeHash, encodeHash } from '../../src/share/hash';

const V = 'driver-map+present-check=off+lookup-fail=stop';

describe('variant links', () => {
  it('the live hash writes the variant readably and reads it back; "+" in text is still a space', () => {
    const h = encodeHash({ text: 'pci P1\n', design: V });
    expect(h).toBe(`#text=pci%20P1%0A&design=${V}`);
    expect(decodeHash(h)).toEqual({ text: 'pci P1\n', design: V });
    expect(decodeHash('#text=a+b&design=pasid-6.x+reuse=domain-pasid')).toEqual({ text: 'a b', design: 'pasid-6.x+reuse=domain-pasid' });
  });

  it('a v1 link and a v0 link keep the variant', async () => {
    const v1 = await encodeShare({ text: 'pci P1\n', designs: [V, 'driver-map'], step: 1 });
    expect(v1).toContain(`&d=${V},driver-map`);
    const r = await decodeShare(v1);
    expect(r.ok && r.state.designs).toEqual([V, 'driver-map']);
    const r0 = await decodeShare(`#text=pci%20P1&design=${V}`);
    expect(r0.ok && r0.state.designs).toEqual([V]);
  });
});
