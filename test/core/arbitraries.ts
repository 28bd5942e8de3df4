/** Random machines and calls for the property tests (shared by property and violations-order). */
import fc from 'fast-check';
import { SIGNATURES, type Arg, type Decl, type Machine } from '../../src/core/index';
import { container, mdev, pci } from './helpers';

const FNS = Object.keys(SIGNATURES);
const INTS = [0, 1, 2, -1, 5, 16, 0x1000, 0x1800, 0x2000, 0x200000, 0x40200000, 2 ** 20, 2 ** 48, 3, 7];

export const machineArb = fc
  .record({
    parents: fc.array(fc.record({ aux: fc.boolean(), pasids: fc.constantFrom(0, 16, 2 ** 20), mdevs: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 3 }),
    external: fc.boolean(),
    shared: fc.boolean(),
  })
  .map(({ parents, external, shared }) => {
    const decls: Decl[] = [];
    parents.forEach((p, i) => {
      decls.push(pci(`P${i}`, { pasids: p.pasids, siov: p.aux }));
      for (let j = 0; j < p.mdevs; j++) decls.push(mdev(`m${i}${j}`, `P${i}`));
    });
    if (external) decls.push(mdev('mX', 'P0', { iommu: false }));
    if (shared) decls.push(pci('a', { group: 'G2' }), pci('b', { group: 'G2' }));
    decls.push(container('C'));
    return decls;
  });

/** A call is picked as indices; they are resolved against the machine at the time it runs. */
export const callArb = fc.record({ fn: fc.constantFrom(...FNS), picks: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), nulls: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 5, maxLength: 5 }) });
export type PickedCall = { fn: string; picks: number[]; nulls: number[] };

export function resolve(m: Machine, c: PickedCall): { fn: string; args: Arg[] } {
  const args = SIGNATURES[c.fn].params.map((kind, i): Arg => {
    const pick = c.picks[i];
    if (kind === 'int') return { t: 'int', v: INTS[pick % INTS.length] };
    if (kind === 'bus') return { t: 'bus', bus: pick % 4 === 0 ? 'mdev' : 'pci' };
    if (c.nulls[i] === 0) return { t: 'null' };
    const table = kind === 'dev' ? m.devs : kind === 'group' ? m.groups : kind === 'domain' ? m.domains : m.containers;
    if (table.size === 0) return { t: 'null' };
    return { t: 'ref', ref: { kind, id: pick % table.size } as Arg extends never ? never : { kind: typeof kind; id: number } } as Arg;
  });
  return { fn: c.fn, args };
}

