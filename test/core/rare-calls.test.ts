/**
 * Property test: random sequences rich in the rarely used calls — mdev_set_iommu_device to NULL
 * and to another device, group removal, feature disable, PASID free — between vfio attaches and
 * detaches, under every design, never yield an internal error (an exception that escaped the
 * emulated kernel) and never throw.
 *
 * A sequence is made of rounds: vfio attaches a group, a few rare calls follow (half of their
 * picks aimed at that group and its devices), then vfio detaches the group (usually).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCall, DESIGN_IDS, getDesign, type Arg, type Machine, type Step } from '../../src/core/index';
import { container, machine, mdev, pci } from './helpers';

const dev = (id: number): Arg => ({ t: 'ref', ref: { kind: 'dev', id } });
const grp = (id: number): Arg => ({ t: 'ref', ref: { kind: 'group', id } });
const dom = (id: number): Arg => ({ t: 'ref', ref: { kind: 'domain', id } });
const C: Arg = { t: 'ref', ref: { kind: 'container', id: 0 } };
const NULL: Arg = { t: 'null' };
const int = (v: number): Arg => ({ t: 'int', v });

type Rare = { kind: number; a: number; b: number; c: number };
type Round = { group: number; rare: Rare[]; detach: boolean };

/** A rare call, its picks resolved against the machine as it is then. */
function rareCall(m: Machine, focus: number, x: Rare): { fn: string; args: Arg[] } {
  const members = m.groups.get(focus).devices;
  const d = (i: number) => dev(i % 2 === 0 && members.length ? members[(i >> 1) % members.length] : (i >> 1) % m.devs.size);
  const g = (i: number) => grp(i % 2 === 0 ? focus : (i >> 1) % m.groups.size);
  const dm = (i: number) => (m.domains.size ? dom(i % m.domains.size) : NULL);
  switch (x.kind) {
    case 0: return { fn: 'mdev_set_iommu_device', args: [d(x.a), NULL] };
    case 1: return { fn: 'mdev_set_iommu_device', args: [d(x.a), d(x.b + 1)] };
    case 2: return { fn: 'iommu_group_remove_device', args: [d(x.a)] };
    case 3: return { fn: 'iommu_dev_disable_feature', args: [d(x.b + 1), int(x.c % 2)] };
    case 4: return { fn: 'iommu_free_global_pasid', args: [int(x.c % 4)] };
    case 5: return { fn: 'iommu_alloc_global_pasid', args: [d(x.b + 1)] };
    case 6: return { fn: 'driver_get_pasid', args: [d(x.a)] };
    case 7: return { fn: 'driver_get_domain', args: [d(x.a)] };
    case 8: return { fn: 'iommu_group_put', args: [g(x.a)] };
    case 9: return { fn: 'iommu_aux_detach_device', args: [dm(x.b), d(x.a + 1)] };
    case 10: return { fn: 'iommu_detach_device_pasid', args: [dm(x.b), d(x.a + 1), int(x.c % 4)] };
    case 11: return { fn: 'iommu_group_add_device', args: [g(x.b), d(x.a)] };
    case 12: return { fn: 'iommu_dev_enable_feature', args: [d(x.b + 1), int(x.c % 2)] };
    case 13: return { fn: 'vfio_attach_group', args: [C, g(x.a + 1)] };
    default: return { fn: 'iommu_domain_free', args: [dm(x.b)] };
  }
}

const rareArb = fc.record({ kind: fc.integer({ min: 0, max: 14 }), a: fc.nat(15), b: fc.nat(15), c: fc.nat(15) });
const roundArb = fc.record({ group: fc.nat(20), rare: fc.array(rareArb, { maxLength: 4 }), detach: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)) });

const setup = (): Machine =>
  machine([
    pci('P1'),
    pci('P2'),
    pci('V', { pasids: 0, siov: false }),
    mdev('m1', 'P1'),
    mdev('m3', 'P2'),
    mdev('mV', 'V'),
    mdev('m4', 'P1', { group: 'G_pair' }),
    mdev('m5', 'P1', { group: 'G_pair' }),
    container('C'),
  ]);

/** Groups worth attaching: the mdev groups, and now and then a PCI group. */
const target = (m: Machine, i: number): number => {
  const mdevGroups = m.groups.toArray().filter((g) => g.devices.some((d) => m.devs.get(d).bus === 'mdev'));
  return i % 5 === 4 || mdevGroups.length === 0 ? i % m.groups.size : mdevGroups[i % mdevGroups.length].id;
};

function play(id: string, aux: boolean, rounds: Round[]): Step[] {
  const design = getDesign(id)!;
  let m = setup();
  let prev: Step | undefined;
  const steps: Step[] = [];
  const apply = (c: { fn: string; args: Arg[] }) => {
    const s = applyCall(design, m, c, prev);
    steps.push(s);
    [m, prev] = [s.machine, s];
  };
  if (aux) for (const p of [0, 1]) apply({ fn: 'iommu_dev_enable_feature', args: [dev(p), int(0)] });
  for (const r of rounds) {
    const g = target(m, r.group);
    apply({ fn: 'vfio_attach_group', args: [C, grp(g)] });
    for (const x of r.rare) apply(rareCall(m, g, x));
    if (r.detach) apply({ fn: 'vfio_detach_group', args: [C, grp(g)] });
  }
  return steps;
}

describe('rarely used calls', () => {
  it.each(DESIGN_IDS)('never yield an internal error (%s)', (id) => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(roundArb, { minLength: 1, maxLength: 8 }), (aux, rounds) => {
        for (const s of play(id, aux, rounds)) {
          expect(s.ret.t, `${s.call.fn}: ${s.ret.t === 'internal' ? s.ret.why : ''}`).not.toBe('internal');
          expect(s.violations.map((v) => v.code)).not.toContain('internal-error');
        }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 300), seed: Number(process.env.PROP_SEED ?? 20201030) },
    );
  }, 120_000);
});
