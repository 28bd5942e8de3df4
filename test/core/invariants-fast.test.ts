/**
 * The invariant checker walks tables leaf by leaf and keeps what it found per leaf on the leaf
 * itself (src/core/invariants.ts, docs/performance.md "Invariants and fingerprint, round five").
 * It must answer exactly as the plain check before it (invariants-reference.ts: codes,
 * messages, objects, order) on every machine, whatever order machines sharing leaves are
 * checked in: random call sequences under all five designs, on machines of one and of several
 * leaves (> 16 devices and groups), checked forwards, then backwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCall, DESIGN_IDS, getDesign, SIGNATURES, type Arg, type Call, type Decl, type Machine } from '../../src/core/index';
import { checkInvariants } from '../../src/core/invariants';
import { leafMemo, Table } from '../../src/core/table';
import { machineArb } from './arbitraries';
import { machine, pci } from './helpers';
import { parseScenario, runScenario } from '../../src/scn/index';
import { referenceCheck } from './invariants-reference';
import { libraryFiles, libraryText } from '../library';

/**
 * Plain devices before the declared ones: 0–7 (one leaf), 16–23 or 32–39 (the parents, mdevs
 * and shared group in the second or third leaf of the device and group tables).
 */
const wideArb = fc.tuple(machineArb, fc.constantFrom(0, 16, 32), fc.integer({ min: 0, max: 7 })).map(([decls, wide, n]): Decl[] => {
  const more: Decl[] = [];
  for (let i = 0; i < n + wide; i++) more.push(pci(`x${i}`, { pasids: i % 2 ? 16 : 0, siov: i % 3 === 0 }));
  return [...more, ...decls];
});

const INTS = [0, 0, 1, 2, 0x1000];
/** The calls that build and tear down aux, PASID and vfio state (the rest mostly refuse or OOPS). */
const FNS = ['iommu_domain_alloc', 'iommu_domain_alloc', 'iommu_domain_free', 'iommu_attach_device', 'iommu_detach_device', 'iommu_map', 'iommu_dev_enable_feature', 'iommu_dev_disable_feature', 'iommu_aux_attach_device', 'iommu_aux_detach_device', 'iommu_aux_attach_group', 'iommu_aux_detach_group', 'iommu_attach_subdev_group', 'iommu_detach_subdev_group', 'iommu_alloc_global_pasid', 'iommu_free_global_pasid', 'iommu_attach_device_pasid', 'iommu_detach_device_pasid', 'vfio_attach_group', 'vfio_detach_group', 'vfio_attach_group', 'vfio_detach_group'];
const callArb = fc.record({ fn: fc.constantFrom(...FNS), picks: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),  });

/**
 * Arguments picked among what matters (the declared devices, not the padding; live domains),
 * so that random runs reach PASID entries and aux state, not only refused calls.
 */
function resolve(m: Machine, c: { fn: string; picks: number[] }): Call {
  const args = SIGNATURES[c.fn].params.map((kind, i): Arg => {
    const pick = c.picks[i];
    if (kind === 'int') return { t: 'int', v: INTS[pick % INTS.length] };
    if (kind === 'bus') return { t: 'bus', bus: pick % 4 === 0 ? 'mdev' : 'pci' };
    let ids: number[];
    if (kind === 'dev') ids = m.devs.toArray().filter((d) => !d.name.startsWith('x')).map((d) => d.id);
    else if (kind === 'group') ids = m.groups.toArray().filter((g) => g.devices.some((x) => !m.devs.get(x).name.startsWith('x'))).map((g) => g.id);
    else if (kind === 'domain') ids = m.domains.toArray().filter((d) => !d.freed).map((d) => d.id);
    else ids = m.containers.toArray().map((x) => x.id);
    if (!ids.length) return { t: 'null' };
    return { t: 'ref', ref: { kind, id: ids[pick % ids.length] } } as Arg;
  });
  return { fn: c.fn, args };
}

describe('the leaf-by-leaf invariant check', () => {
  it('answers as the plain check on every machine of random runs of all five designs, in any order', () => {
    const designs = DESIGN_IDS.map((id) => getDesign(id)!);
    const found = new Map<string, number>();
    fc.assert(
      fc.property(wideArb, fc.array(callArb, { minLength: 1, maxLength: 40 }), (decls, calls) => {
        // Every design runs from the same first machine: their machines share leaves, and a
        // leaf's memo of one design's era must not answer for another's.
        const m0 = machine(decls);
        const runs = designs.map((design) => {
          let m = m0;
          const ms: Machine[] = [];
          for (const c of calls) ms.push((m = applyCall(design, m, resolve(m, c), undefined, { quiet: true }).machine));
          return { design, ms, want: ms.map((x) => referenceCheck(design, x)) };
        });
        for (const r of runs) for (const w of r.want) for (const v of w) found.set(v.code, (found.get(v.code) ?? 0) + 1);
        for (let i = 0; i < calls.length; i++) for (const r of runs) expect(checkInvariants(r.design, r.ms[i])).toEqual(r.want[i]);
        for (const r of [...runs].reverse()) expect([...r.ms].reverse().map((x) => checkInvariants(r.design, x))).toEqual([...r.want].reverse());
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 150), seed: Number(process.env.PROP_SEED ?? 20261201) },
    );
    if (process.env.INV_CODES) console.log(found);
    // The runs reach violations (the library scenarios below reach every check).
    expect(found.get('domain-freed-in-use') ?? 0).toBeGreaterThan(0);
  }, 120_000);

  it('answers as the plain check on every machine of every library scenario, one leaf or several, in any order', () => {
    const found = new Set<string>();
    for (const f of libraryFiles()) {
      const text = libraryText(f);
      // The same scenario with 15 or 40 devices declared first: its first device the last of a leaf, the next ones in another; or all in a third leaf.
      const at = text.search(/^pci /m);
      const pad = (n: number) => text.slice(0, at) + Array.from({ length: n }, (_, i) => `pci x${i}\n`).join('') + text.slice(at);
      for (const src of at < 0 ? [text] : [text, pad(15), pad(40)]) {
        const { script } = parseScenario(src);
        const runs = (script.header?.designs ?? []).map((id) => {
          const design = getDesign(id)!;
          const ms = runScenario(script, id).entries.map((e) => e.machine);
          return { design, ms, want: ms.map((m) => referenceCheck(design, m)) };
        });
        for (const r of runs) for (const w of r.want) for (const v of w) found.add(v.code);
        for (const r of runs) expect(r.ms.map((m) => checkInvariants(r.design, m)), f).toEqual(r.want);
        for (const r of [...runs].reverse()) expect([...r.ms].reverse().map((m) => checkInvariants(r.design, m)), f).toEqual([...r.want].reverse());
        // Each machine under the other era's rules too: what a leaf's memo says under one era
        // must not answer for the other (a machine may be checked under another design).
        for (const r of runs) for (const d of [getDesign('upstream-5.8')!, getDesign('pasid-6.x')!]) expect(r.ms.map((m) => checkInvariants(d, m)), f).toEqual(r.ms.map((m) => referenceCheck(d, m)));
      }
    }
    // Every shared check is reached (the design's own are compared too, wherever they fire).
    for (const code of ['aux-without-feature', 'list-corrupt', 'pasid-entry-stale', 'aux-entry-missing', 'default-pasid-stale', 'pasid-shared', 'pasid-leaked', 'tainted', 'pasid-array-stale'])
      expect(found, code).toContain(code);
  }, 120_000);

  it('reports each code and message once, the first kept, in order, as the plain check', () => {
    const v = (code: string, message: string) => ({ code, message, objects: [] });
    const own = [v('a', 'x'), v('b', 'x'), v('a', 'x'), v('c', 'y'), v('b', 'x'), v('c', 'x'), v('c', 'x'), v('a', 'y')];
    const design = { ...getDesign('upstream-5.8')!, invariants: () => own };
    const m = machine([pci('P')]);
    const got = checkInvariants(design, m);
    expect(got).toEqual([own[0], own[1], own[3], own[5], own[7]]);
    expect(got).toEqual(referenceCheck(design, m));
  });

  it('keeps a leaf memo only on a sealed table, and none on a frozen leaf', () => {
    const t = Table.of([1, 2, 3]);
    const open = t.edit();
    open.rememberLeaf(open.leaf(0), 0, 'x');
    expect(leafMemo(open.leaf(0), 0)).toBeUndefined();
    t.rememberLeaf(t.leaf(0), 0, 'y');
    expect(leafMemo(t.leaf(0), 0)).toBe('y');
    // A copy made by a write carries no memo.
    expect(leafMemo(t.set(0, 9).leaf(0), 0)).toBeUndefined();
    expect(Object.keys(t.leaf(0))).toEqual(['0', '1', '2']);
    const frozen = Object.freeze(Table.of([1]).leaf(0));
    expect(() => Table.of([1]).rememberLeaf(frozen, 0, 'z')).not.toThrow();
  });
});
