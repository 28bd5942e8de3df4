/**
 * The emulated machine: every object the playground shows, named and shaped as the kernel names
 * them (include/linux/iommu.h, drivers/iommu/iommu.c, include/linux/intel-iommu.h,
 * drivers/vfio/vfio_iommu_type1.c, v5.8 unless marked). All records are immutable; a step
 * produces a new Machine that shares what it did not touch.
 */
import type { DidList } from './dids';
import type { PtMap } from './ptmap';
import type { Table } from './table';

export type DevId = number;
export type GroupId = number;
export type DomainId = number;
export type ContainerId = number;

/** A reference to one object of the machine (values, trace and graph all use these). */
export type Ref =
  | { kind: 'dev'; id: DevId }
  | { kind: 'group'; id: GroupId }
  | { kind: 'domain'; id: DomainId }
  | { kind: 'container'; id: ContainerId };
export type RefKind = Ref['kind'];

/** PCI capabilities the VT-d driver reads (physical devices only). */
export interface PciCaps {
  /** What pci_max_pasids() returns; 0 = no PASID capability. */
  readonly max_pasids: number;
  /** Intel SIOV DVSEC (id 5) present: what iommu_dev_has_feature(AUX) looks for. */
  readonly siov_dvsec: boolean;
  readonly ats: boolean;
  readonly pri: boolean;
  /** device_is_rmrr_locked(): UNMANAGED attach refused with -EPERM. */
  readonly rmrr_locked: boolean;
  /** Declared `passthrough`: the group's default domain is the static identity domain. */
  readonly passthrough: boolean;
}

/** One PASID-table entry programmed on a physical device (pasid 0 is RID2PASID). */
export interface PasidEntry {
  readonly domain: DomainId;
  /** Domain-id the entry was programmed with. */
  readonly did: number;
}

/**
 * A per-subdevice record kept by the IOMMU driver (driver-map design: v4 5/5 `subdev_info`
 * with the v5.11 users count derived from the number of records per (domain, parent)).
 */
export interface SubdevRecord {
  readonly pdev: DevId;
  /** The subdevice (mdev); null when created by the bare iommu_aux_attach_device(). */
  readonly subdev: DevId | null;
  readonly domain: DomainId;
}

/**
 * VT-d `struct device_domain_info`: exists only while the physical device has a primary domain.
 * VT-d frees and reallocates it whenever the primary domain changes, which clears
 * `auxd_enabled` and orphans the aux bookkeeping (docs/kernel-reference.md B16).
 */
export interface DeviceDomainInfo {
  /**
   * The primary domain (info->domain). Never null in v5.8, where the info exists only while
   * there is one; v6.12 keeps the info from probe to release and clears this field while the
   * device's translation is blocked (device_block_translation, or a failed attach).
   */
  readonly domain: DomainId | null;
  readonly pasid_enabled: boolean;
  readonly auxd_enabled: boolean;
  /**
   * The `auxiliary_domains` list head, as the nodes linked into it say (write-only in v5.8).
   * After a dmar_domain's single `auxd` node is re-linked elsewhere, this list still names the
   * domain: it is corrupt, and `corrupt` says so.
   */
  readonly auxiliary_domains: readonly DomainId[];
  readonly auxiliary_corrupt: boolean;
  /** v6.12 info->pri_enabled: set by enabling IOMMU_DEV_FEAT_IOPF (pasid-6.x only). */
  readonly pri_enabled?: boolean;
  /** driver-map records with pdev == this device. */
  readonly subdevices: readonly SubdevRecord[];
}

export interface Device {
  readonly id: DevId;
  readonly name: string;
  readonly bus: 'pci' | 'mdev';
  readonly iommu_group: GroupId | null;
  /** PCI only. */
  readonly caps: PciCaps | null;
  /** mdev only: the parent device the mdev was carved out of. */
  readonly parent: DevId | null;
  /** mdev only: what mdev_set_iommu_device() recorded (null: vendor-defined isolation). */
  readonly iommu_device: DevId | null;
  /** PCI only: VT-d private data; null while the device has no primary domain. */
  readonly info: DeviceDomainInfo | null;
  /**
   * The device's PASID table (VT-d scalable mode), pasid → entry. VT-d frees it with the info
   * and allocates a fresh one with the next info, so a primary-domain change drops every aux
   * entry (docs/kernel-reference.md B16).
   */
  readonly pasid_table: Readonly<Record<number, PasidEntry>>;
}

export interface Group {
  readonly id: GroupId;
  readonly name: string;
  /** iommu_group_id(): lowest free integer from the group IDA. */
  readonly group_id: number;
  readonly devices: readonly DevId[];
  /** The kobject reference count: one per member device plus iommu_group_get() references. */
  readonly refcount: number;
  readonly default_domain: DomainId | null;
  /** group->domain: the domain currently attached (null for a fresh mdev group). */
  readonly domain: DomainId | null;
  /** v3-group-flag: group->aux_domain_attached. */
  readonly aux_domain_attached: boolean;
  /** pasid-6.x: group->pasid_array, pasid → domain. */
  readonly pasid_array: Readonly<Record<number, DomainId>>;
  /** Refcount reached 0: the group was released (id freed). */
  readonly released: boolean;
  /**
   * v6.12 DMA ownership (iommu_group_claim_dma_owner, v5.19+; pasid-6.x only): group->owner_cnt
   * and group->owner (an opaque cookie: `vfio_group` for vfio's claim, the number a scenario
   * passed for its own). Absent while never claimed; owner_cnt 0 and owner null once released.
   */
  readonly owner_cnt?: number;
  readonly owner?: string | null;
  /**
   * group->blocking_domain: set by the first claim (__iommu_group_alloc_blocking_domain; VT-d's
   * static `blocking_domain`), dropped by iommu_deinit_device when the group empties. Absent: NULL.
   */
  readonly blocking_domain?: DomainId | null;
}

export type DomainType = 'BLOCKED' | 'IDENTITY' | 'UNMANAGED' | 'DMA' | 'SVA';

/** One entry of a domain's page table (VT-d): a leaf PTE or a pointer to a lower table. */
export interface PtEntry {
  /** 1 = 4 KiB PTE, 2 = 2 MiB, 3 = 1 GiB, … (VT-d levels). */
  readonly level: number;
  /** Index at that level: iova / span(level). */
  readonly index: number;
  /** Leaf: the physical address it maps; null for a table pointer. */
  readonly paddr: number | null;
  readonly prot: number;
}

/** `struct iommu_domain` plus VT-d's `struct dmar_domain`. */
export interface Domain {
  readonly id: DomainId;
  /** As the scenario names it: `D`, `dom0`, `C.d0`, `dma(G_P1)`, `identity`. */
  readonly name: string;
  readonly type: DomainType;
  readonly freed: boolean;
  readonly pgsize_bitmap: number;
  /** Guest address width; VT-d allocates at 57 and narrows to the unit's on first attach. */
  readonly gaw: number;
  /** Highest iova+size mapped so far (dmar_domain->max_addr). */
  readonly max_addr: number;
  /** Attachments (primary and aux) using this domain on the unit, and its domain-id. */
  readonly iommu_refcnt: number;
  readonly iommu_did: number;
  /** v5.8: number of aux attachments. */
  readonly auxd_refcnt: number;
  /**
   * v5.8: the single `auxd` list node. `on` is the device whose auxiliary_domains list the node
   * is linked into (null when unlinked); `poisoned` after list_del (a second list_del is a GPF).
   */
  readonly auxd: { readonly on: DevId | null; readonly poisoned: boolean };
  /** <= 0 means none; never reset after the PASID is freed (docs/kernel-reference.md B3). */
  readonly default_pasid: number;
  /** Devices that have this as their primary domain (dmar_domain->devices). */
  readonly devices: readonly DevId[];
  /** v6.x dmar_domain->dev_pasids. */
  readonly dev_pasids: readonly { readonly dev: DevId; readonly pasid: number }[];
  /** Page table entries by (level, index): a persistent radix tree (src/core/ptmap.ts). */
  readonly pt: PtMap;
  /**
   * v6.12 domain_exit() of a domain still attached: the page table (pgd) was freed but the
   * dmar_domain was not (WARN_ON(!list_empty(&domain->devices))): a later walk dereferences
   * the NULL pgd. Absent otherwise.
   */
  readonly pgd_freed?: boolean;
  /** The container that allocated it (vfio), for naming and the graph. */
  readonly container: ContainerId | null;
}

/** vfio type1 `struct vfio_domain`. */
export interface VfioDomain {
  readonly domain: DomainId;
  readonly groups: readonly GroupId[];
}

/** vfio type1 `struct vfio_iommu` (a container). */
export interface Container {
  readonly id: ContainerId;
  readonly name: string;
  readonly domain_list: readonly VfioDomain[];
  /** Groups on the external domain (mdevs without IOMMU backing); null when it doesn't exist. */
  readonly external_domain: readonly GroupId[] | null;
  /** Next `C.dN` number: domains it allocated, freed ones included. */
  readonly next_dom: number;
  /** pasid-6.x: what the vfio device object remembers per mdev: the parent and the PASID. */
  readonly mdev_pasids: Readonly<Record<DevId, { readonly pdev: DevId; readonly pasid: number }>>;
  /**
   * v3-group-flag (v3 4/4): `vfio_group->iommu_device` per mdev group, stored by
   * vfio_iommu_type1_attach_group after the isolation check and used by every later attach
   * and detach of that group, whatever mdev_set_iommu_device() says by then. Absent (or
   * empty) in the other designs, whose type1 keeps no such field.
   */
  readonly group_iommu_device?: Readonly<Record<GroupId, DevId>>;
  /**
   * `vfio_group->mdev_group` (v5.8 type1): the groups type1 attached as mdev groups. Stored at
   * attach time, so the detach takes the mdev path even if the group has since lost its devices.
   */
  readonly mdev_groups?: readonly GroupId[];
}

/** The platform IOMMU (one VT-d unit). */
export interface IommuUnit {
  readonly present: boolean;
  readonly scalable: boolean;
  readonly pasid: boolean;
  readonly svm: boolean;
  readonly superpage: boolean;
  /** Maximum guest address width (cap_mgaw). */
  readonly mgaw: number;
  /** Number of domain-ids (cap_ndoms). */
  readonly ndoms: number;
  /**
   * Domain-ids in use (iommu->domain_ids), read as a sorted list. 0 (and 1 in scalable mode)
   * are reserved and not listed. The kernel layer keeps a DidSet (a bitmap, src/core/dids.ts);
   * a plain sorted array is accepted too.
   */
  readonly dids: DidList;
}

export interface Machine {
  readonly iommu: IommuUnit;
  readonly devs: Table<Device>;
  readonly groups: Table<Group>;
  readonly domains: Table<Domain>;
  readonly containers: Table<Container>;
  /**
   * The global PASID space (ioasid allocator in v5.8, iommu_global_pasid_ida in v6.x):
   * pasid → who allocated it, as a ref key (`domain:3`, `dev:0`), for the graph and the checker.
   */
  readonly pasids: Readonly<Record<number, string>>;
  /**
   * Emulator index, not a kernel field: the devices whose PASID table holds an entry other than
   * RID2PASID, so checks over PASID entries need not visit every mdev of a large machine.
   */
  readonly pasid_devs: readonly DevId[];
  /** The shared static identity domain (si_domain), created on first use. */
  readonly identity: DomainId | null;
  /** Counters for names of unbound objects: dom0, dom1 …; grp0, grp1 …. */
  readonly next_dom: number;
  readonly next_grp: number;
  /** An OOPS happened: the kernel is tainted; the run goes on. */
  readonly tainted: boolean;
}
