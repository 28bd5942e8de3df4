/**
 * Hand-built machines for the derive and store tests: a tiny builder over the core's types, so
 * these tests do not depend on the engine's behaviour, only on the model's shape.
 */
import { Table } from '../../src/core/table';
import { PT_EMPTY } from '../../src/core/ptmap';
import type { Container, Design, Device, Domain, Group, Machine, Ref, Step } from '../../src/core';

const caps = (max_pasids: number) => ({ max_pasids, siov_dvsec: max_pasids > 0, ats: false, pri: false, rmrr_locked: false, passthrough: false });

export interface Spec {
  pci?: string[];
  /** mdev name → parent name */
  mdev?: Record<string, string>;
  containers?: string[];
  /** domain name → type */
  domains?: Record<string, Domain['type']>;
  /** group name → attached domain name */
  attach?: Record<string, string>;
  /** parent → [pasid, domain] aux entries */
  aux?: Record<string, [number, string][]>;
  /** container → [domain, groups] */
  vfio?: Record<string, [string, string[]][]>;
  pasids?: Record<number, string>;
  freed?: string[];
}

export function machine(spec: Spec): Machine {
  const devs: Device[] = [];
  const groups: Group[] = [];
  const domains: Domain[] = [];
  const containers: Container[] = [];
  const dom = (name: string, type: Domain['type']) => {
    const d: Domain = {
      id: domains.length, name, type, freed: (spec.freed ?? []).includes(name), pgsize_bitmap: 0x40201000, gaw: 48, max_addr: 0,
      iommu_refcnt: 0, iommu_did: 0, auxd_refcnt: 0, auxd: { on: null, poisoned: false }, default_pasid: -1,
      devices: [], dev_pasids: [], pt: PT_EMPTY, container: null,
    };
    domains.push(d);
    return d.id;
  };
  const group = (name: string, dev: number, dflt: number | null): number => {
    groups.push({ id: groups.length, name, group_id: groups.length, devices: [dev], refcount: 1, default_domain: dflt, domain: dflt, aux_domain_attached: false, pasid_array: {}, released: false });
    return groups.length - 1;
  };
  for (const p of spec.pci ?? []) {
    const id = devs.length;
    devs.push({ id, name: p, bus: 'pci', iommu_group: null, caps: caps(1 << 20), parent: null, iommu_device: null, info: null, pasid_table: {} });
    const d = dom(`dma(G_${p})`, 'DMA');
    devs[id] = { ...devs[id], iommu_group: group(`G_${p}`, id, d) };
  }
  for (const [m, parent] of Object.entries(spec.mdev ?? {})) {
    const id = devs.length;
    const pid = devs.find((d) => d.name === parent)!.id;
    devs.push({ id, name: m, bus: 'mdev', iommu_group: null, caps: null, parent: pid, iommu_device: pid, info: null, pasid_table: {} });
    devs[id] = { ...devs[id], iommu_group: group(`G_${m}`, id, null) };
  }
  for (const [name, type] of Object.entries(spec.domains ?? {})) dom(name, type);
  const domId = (n: string) => domains.find((d) => d.name === n)!.id;
  const grpId = (n: string) => groups.find((g) => g.name === n)!.id;
  for (const [g, d] of Object.entries(spec.attach ?? {})) groups[grpId(g)] = { ...groups[grpId(g)], domain: domId(d) };
  for (const [p, list] of Object.entries(spec.aux ?? {})) {
    const dev = devs.find((d) => d.name === p)!;
    devs[dev.id] = { ...dev, pasid_table: Object.fromEntries(list.map(([pasid, d]) => [pasid, { domain: domId(d), did: 2 }])) };
  }
  for (const c of spec.containers ?? []) {
    const list = (spec.vfio ?? {})[c] ?? [];
    containers.push({ id: containers.length, name: c, domain_list: list.map(([d, gs]) => ({ domain: domId(d), groups: gs.map(grpId) })), external_domain: null, next_dom: list.length, mdev_pasids: {} });
  }
  return {
    iommu: { present: true, scalable: true, pasid: true, svm: false, superpage: true, mgaw: 57, ndoms: 65536, dids: [0, 1] },
    devs: Table.of(devs), groups: Table.of(groups), domains: Table.of(domains), containers: Table.of(containers),
    pasids: spec.pasids ?? {}, pasid_devs: devs.filter((d) => Object.keys(d.pasid_table).some((p) => p !== "0")).map((d) => d.id), identity: null, next_dom: 0, next_grp: 0, tainted: false,
  };
}

/** A design stub: the group flag of v3 on every group that has an mdev attached. */
export const fakeDesign: Design = {
  id: 'v3-group-flag', title: 'v3', summary: 'stub', sources: [], functions: {},
  rules: { core: 'v5.8', aux: 'v5.8', auxFeatureCheck: true, pasidPresentCheck: false },
  breadcrumbs: (m) =>
    m.groups.toArray().filter((g) => g.domain !== null && g.default_domain === null)
      .map((g) => ({ kind: 'group-flag' as const, at: { kind: 'group' as const, id: g.id }, to: [{ kind: 'domain' as const, id: g.domain! }], label: 'aux_domain_attached=1' })),
  breadcrumbKinds: { 'group-flag': 'stub' },
  invariants: () => [],
  invariantCodes: {},
};

export const ref = (m: Machine, kind: Ref['kind'], name: string): Ref => {
  const t = { dev: m.devs, group: m.groups, domain: m.domains, container: m.containers }[kind] as Table<{ id: number; name: string }>;
  return { kind, id: t.find((x) => x.name === name)!.id } as Ref;
};

export function stepOf(m: Machine, over: Partial<Step> = {}): Step {
  const s = {
    call: { fn: 'vfio_attach_group', args: [] }, ret: { t: 'int', v: 0 } as const, machine: m, changes: [],
    trace: { fn: 'vfio_attach_group', args: ['C', 'G_m1'], ret: '0', children: [], log: [] },
    log: [], warned: false, violations: [], created: [], ...over,
  };
  return { ...s, peekViolations: () => s.violations };
}
