/**
 * Building a machine from declarations (`iommu vtd`, `pci P1 pasids=… siov`, `mdev m1 parent=P1`,
 * `container C`). PCI groups get their default domain at declaration, as probing does; mdev
 * groups are singletons without one, as the mdev core makes them.
 */
import type { Decl } from './decl';
import type { Device, IommuUnit, Machine, Ref } from './model';
import type { Change } from './step';
import { Table } from './table';
import { upstream58 } from './designs/upstream-5-8';
import { collectChanges } from './kernel/diff';
import { DidSet } from './dids';
import { iommuGroupAddDevice, iommuGroupAlloc } from './kernel/iommu-core';
import { Kernel } from './kernel/kernel';
import { vtdDomainAlloc } from './kernel/vtd';
import { formatValue } from './format';
import { resolveName } from './names';

export interface DeclResult {
  readonly machine: Machine;
  /** Why the declaration could not be applied (the machine is then unchanged). */
  readonly error?: string;
  readonly changes: readonly Change[];
  readonly created: readonly Ref[];
}

const DEFAULT_IOMMU: IommuUnit = {
  present: true,
  scalable: true,
  pasid: true,
  svm: true,
  superpage: true,
  mgaw: 48,
  ndoms: 65536,
  dids: DidSet.EMPTY,
};

/** An empty machine: one VT-d unit in scalable mode with PASID support. */
export function newMachine(): Machine {
  return {
    iommu: DEFAULT_IOMMU,
    devs: Table.empty(),
    groups: Table.empty(),
    domains: Table.empty(),
    containers: Table.empty(),
    pasids: {},
    pasid_devs: [],
    identity: null,
    next_dom: 0,
    next_grp: 0,
    tainted: false,
  };
}

const ON_OFF: Record<string, keyof IommuUnit> = { scalable: 'scalable', pasid: 'pasid', svm: 'svm', superpage: 'superpage' };

function iommuOptions(m: Machine, opts: Readonly<Record<string, string>>): Machine | string {
  const u: Record<string, unknown> = { ...m.iommu };
  for (const [key, val] of Object.entries(opts)) {
    if (ON_OFF[key]) {
      if (val !== 'on' && val !== 'off') return `iommu option ${key} takes on or off, not '${val}'`;
      u[ON_OFF[key]] = val === 'on';
    } else if (key === 'mgaw' || key === 'ndoms') {
      const n = Number(val);
      if (!Number.isInteger(n) || n <= 0) return `iommu option ${key} takes a positive integer, not '${val}'`;
      u[key] = n;
    } else return `unknown iommu option '${key}' (known: scalable, pasid, svm, superpage, mgaw, ndoms)`;
  }
  return { ...m, iommu: u as unknown as IommuUnit };
}

/** Adds the device to the group named `gname` (created on first mention), attaching it to the group's domain. */
function joinGroup(k: Kernel, dev: number, gname: string, isPci: boolean): string | null {
  const found = resolveName(k.m, gname);
  if (found && found.kind !== 'group') return `'${gname}' is already declared and is not a group`;
  let g = found?.id;
  if (g === undefined) {
    g = iommuGroupAlloc(k, gname);
    if (isPci) {
      const caps = k.dev(dev).caps!;
      const dom = caps.passthrough ? vtdDomainAlloc(k, 'IDENTITY', 'identity')! : vtdDomainAlloc(k, 'DMA', `dma(${gname})`)!;
      k.setGroup(g, { default_domain: dom, domain: dom });
    }
    k.setGroup(g, { refcount: 0 }); // the allocation's reference is dropped once the device holds one
  }
  // The device joins as probing adds it: iommu_group_add_device(), attach to group->domain included.
  const r = iommuGroupAddDevice(k, g, dev);
  if (r.t === 'int' && r.v !== 0) {
    const dom = k.group(g).domain;
    return `${k.dev(dev).name} cannot join ${gname}: attaching it to ${dom === null ? 'its domain' : k.domain(dom).name} fails with ${formatValue(k.m, r)}`;
  }
  return null;
}

function newDevice(id: number, name: string, rest: Partial<Device>): Device {
  return { id, name, bus: 'pci', iommu_group: null, caps: null, parent: null, iommu_device: null, info: null, pasid_table: {}, ...rest };
}

/** Applies one declaration. A bad one leaves the machine as it was and says why. */
export function declare(m: Machine, decl: Decl): DeclResult {
  const fail = (error: string): DeclResult => ({ machine: m, error, changes: [], created: [] });
  if (decl.kind === 'iommu') {
    if (decl.driver !== 'vtd') return fail(`unknown iommu driver '${decl.driver}' (only vtd is emulated)`);
    const r = iommuOptions(m, decl.opts);
    return typeof r === 'string' ? fail(r) : { machine: r, changes: [], created: [] };
  }
  if (resolveName(m, decl.name)) return fail(`'${decl.name}' is already declared`);
  const k = new Kernel(upstream58, m, decl.kind, [decl.name]);
  if (decl.kind === 'container') {
    k.addContainer((id) => ({ id, name: decl.name, domain_list: [], external_domain: null, next_dom: 0, mdev_pasids: {} }));
    return { machine: k.seal(), changes: [], created: k.created };
  }
  let id: number;
  if (decl.kind === 'pci') {
    const caps = { max_pasids: decl.pasids, siov_dvsec: decl.siov, ats: decl.ats, pri: decl.pri, rmrr_locked: decl.rmrr, passthrough: decl.passthrough };
    id = k.addDevice((i) => newDevice(i, decl.name, { caps }));
  } else {
    const parent = resolveName(m, decl.parent);
    if (!parent || parent.kind !== 'dev') return fail(`mdev ${decl.name}: unknown parent '${decl.parent}'`);
    id = k.addDevice((i) => newDevice(i, decl.name, { bus: 'mdev', parent: parent.id, iommu_device: decl.iommu ? parent.id : null }));
  }
  const error = joinGroup(k, id, decl.group ?? `G_${decl.name}`, decl.kind === 'pci');
  if (error) return fail(error);
  return { machine: k.seal(), changes: collectChanges(k.before, k.m), created: k.created };
}
