/**
 * Copies of one record with a patch applied: what every `Kernel.set*` write makes.
 *
 * Why not `{ ...old, ...patch }`: the spread of a 17-field record with patch objects of many
 * shapes was the costliest line of the core loop (16 % of its time; an explicit literal plus
 * `Object.assign` is ~5× faster and gives every copy the same hidden class). Each copy lists
 * every field of its type, optional ones included (the `All<T>` annotation makes the compiler
 * refuse a copy that forgets one); an optional field absent from the old record stays absent,
 * so a copy deep-equals (strictly) a spread. test/core/records.test.ts checks both.
 */
import type { Container, Device, DeviceDomainInfo, Domain, Group, IommuUnit, Machine } from '../model';

export type Patch<T> = { -readonly [K in keyof T]?: T[K] };
/** Every key of T, optional ones included (possibly undefined). */
type All<T> = { -readonly [K in keyof Required<T>]: T[K] };

export function copyDevice(o: Device, p: Patch<Device>): Device {
  const n: All<Device> = {
    id: o.id,
    name: o.name,
    bus: o.bus,
    iommu_group: o.iommu_group,
    caps: o.caps,
    parent: o.parent,
    iommu_device: o.iommu_device,
    info: o.info,
    pasid_table: o.pasid_table,
  };
  return Object.assign(n, p);
}

export function copyGroup(o: Group, p: Patch<Group>): Group {
  const n: Omit<All<Group>, 'owner_cnt' | 'owner' | 'blocking_domain'> & Patch<Group> = {
    id: o.id,
    name: o.name,
    group_id: o.group_id,
    devices: o.devices,
    refcount: o.refcount,
    default_domain: o.default_domain,
    domain: o.domain,
    aux_domain_attached: o.aux_domain_attached,
    pasid_array: o.pasid_array,
    released: o.released,
  };
  // Optional (only a group whose DMA ownership was claimed in v6.12 has them): present only when they were.
  if (o.owner_cnt !== undefined) n.owner_cnt = o.owner_cnt;
  if (o.owner !== undefined) n.owner = o.owner;
  if (o.blocking_domain !== undefined) n.blocking_domain = o.blocking_domain;
  return Object.assign(n as All<Group>, p);
}

export function copyDomain(o: Domain, p: Patch<Domain>): Domain {
  const n: Omit<All<Domain>, 'pgd_freed'> & Patch<Domain> = {
    id: o.id,
    name: o.name,
    type: o.type,
    freed: o.freed,
    pgsize_bitmap: o.pgsize_bitmap,
    gaw: o.gaw,
    max_addr: o.max_addr,
    iommu_refcnt: o.iommu_refcnt,
    iommu_did: o.iommu_did,
    auxd_refcnt: o.auxd_refcnt,
    auxd: o.auxd,
    default_pasid: o.default_pasid,
    devices: o.devices,
    dev_pasids: o.dev_pasids,
    pt: o.pt,
    container: o.container,
  };
  // Optional (only a v6.12 domain freed while attached has it): present only when it was.
  if (o.pgd_freed !== undefined) n.pgd_freed = o.pgd_freed;
  return Object.assign(n as All<Domain>, p);
}

export function copyContainer(o: Container, p: Patch<Container>): Container {
  const n: Omit<All<Container>, 'group_iommu_device' | 'mdev_groups'> & Patch<Container> = {
    id: o.id,
    name: o.name,
    domain_list: o.domain_list,
    external_domain: o.external_domain,
    next_dom: o.next_dom,
    mdev_pasids: o.mdev_pasids,
  };
  // Optional fields (only some designs' type1 keeps them): present only when they were.
  if (o.group_iommu_device !== undefined) n.group_iommu_device = o.group_iommu_device;
  if (o.mdev_groups !== undefined) n.mdev_groups = o.mdev_groups;
  const all: All<Container> = n as All<Container>;
  return Object.assign(all, p);
}

/** The Machine object a call owns after its first write (its tables are then opened one by one). */
export function copyMachine(o: Machine): Machine {
  const n: All<Machine> = {
    iommu: o.iommu,
    devs: o.devs,
    groups: o.groups,
    domains: o.domains,
    containers: o.containers,
    pasids: o.pasids,
    pasid_devs: o.pasid_devs,
    identity: o.identity,
    next_dom: o.next_dom,
    next_grp: o.next_grp,
    tainted: o.tainted,
  };
  return n;
}

/** VT-d's device_domain_info, patched (pri_enabled only where a design set it). */
export function copyInfo(o: DeviceDomainInfo, p: Patch<DeviceDomainInfo>): DeviceDomainInfo {
  const n: Omit<All<DeviceDomainInfo>, 'pri_enabled'> & Patch<DeviceDomainInfo> = {
    domain: o.domain,
    pasid_enabled: o.pasid_enabled,
    auxd_enabled: o.auxd_enabled,
    auxiliary_domains: o.auxiliary_domains,
    auxiliary_corrupt: o.auxiliary_corrupt,
    subdevices: o.subdevices,
  };
  if (o.pri_enabled !== undefined) n.pri_enabled = o.pri_enabled;
  return Object.assign(n as All<DeviceDomainInfo>, p);
}

/** The IOMMU unit, patched (its domain-id list changes on every first attach and last detach). */
export function copyIommu(o: IommuUnit, p: Patch<IommuUnit>): IommuUnit {
  const n: All<IommuUnit> = {
    present: o.present,
    scalable: o.scalable,
    pasid: o.pasid,
    svm: o.svm,
    superpage: o.superpage,
    mgaw: o.mgaw,
    ndoms: o.ndoms,
    dids: o.dids,
  };
  return Object.assign(n, p);
}
