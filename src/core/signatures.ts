/**
 * Every kernel function and portable step the scenario language can call, with its C shape.
 * Which design offers which is decided by each design module (designs/*.ts); this table only
 * says how a call is typed, so the parser, completion and the engine agree.
 */
import type { RetKind } from './value';

/** Parameter kinds. Pointer kinds also accept NULL. */
export type ParamKind = 'domain' | 'dev' | 'group' | 'container' | 'bus' | 'int';

export interface Signature {
  readonly params: readonly ParamKind[];
  /** Parameter names as in the kernel prototype, for completion and the trace. */
  readonly names: readonly string[];
  readonly ret: RetKind;
  /** Where it comes from, one line, shown in completion and docs. */
  readonly doc: string;
}

const sig = (ret: RetKind, doc: string, ...p: [ParamKind, string][]): Signature => ({
  ret,
  doc,
  params: p.map((x) => x[0]),
  names: p.map((x) => x[1]),
});

export const SIGNATURES: Readonly<Record<string, Signature>> = {
  // groups (iommu.c)
  iommu_group_alloc: sig('ptr', 'new group, refcount 1'),
  iommu_group_add_device: sig('int', 'add dev to group', ['group', 'group'], ['dev', 'dev']),
  iommu_group_remove_device: sig('void', 'remove dev from its group (no detach)', ['dev', 'dev']),
  iommu_group_get: sig('ptr', "dev's group, reference taken", ['dev', 'dev']),
  iommu_group_put: sig('void', 'drop a group reference', ['group', 'group']),
  iommu_group_id: sig('int', "the group's id", ['group', 'group']),
  // domains, attach/detach
  iommu_domain_alloc: sig('ptr', 'new UNMANAGED domain (NULL if the bus has no IOMMU ops)', ['bus', 'bus']),
  iommu_domain_free: sig('void', 'free a domain', ['domain', 'domain']),
  iommu_attach_device: sig('int', 'attach a singleton group via its device', ['domain', 'domain'], ['dev', 'dev']),
  iommu_detach_device: sig('void', 'detach a singleton group via its device', ['domain', 'domain'], ['dev', 'dev']),
  iommu_attach_group: sig('int', 'attach every device of a group', ['domain', 'domain'], ['group', 'group']),
  iommu_detach_group: sig('void', 'detach a group (domain argument not compared)', ['domain', 'domain'], ['group', 'group']),
  iommu_get_domain_for_dev: sig('ptr', "group->domain of dev's group", ['dev', 'dev']),
  // map/unmap
  iommu_map: sig('int', 'map iova→paddr', ['domain', 'domain'], ['int', 'iova'], ['int', 'paddr'], ['int', 'size'], ['int', 'prot']),
  iommu_unmap: sig('size', 'unmap; returns bytes unmapped', ['domain', 'domain'], ['int', 'iova'], ['int', 'size']),
  iommu_iova_to_phys: sig('phys', 'translate an iova', ['domain', 'domain'], ['int', 'iova']),
  // features
  iommu_dev_has_feature: sig('bool', 'does the device support the feature', ['dev', 'dev'], ['int', 'feat']),
  iommu_dev_enable_feature: sig('int', 'enable a per-device feature', ['dev', 'dev'], ['int', 'feat']),
  iommu_dev_disable_feature: sig('int', 'disable a per-device feature', ['dev', 'dev'], ['int', 'feat']),
  iommu_dev_feature_enabled: sig('bool', 'is the feature enabled', ['dev', 'dev'], ['int', 'feat']),
  // aux API (v5.1 … v5.17)
  iommu_aux_attach_device: sig('int', 'attach domain as an aux domain of dev (PASID-tagged)', ['domain', 'domain'], ['dev', 'dev']),
  iommu_aux_detach_device: sig('void', 'detach an aux domain', ['domain', 'domain'], ['dev', 'dev']),
  iommu_aux_get_pasid: sig('int', "the aux domain's PASID", ['domain', 'domain'], ['dev', 'dev']),
  // v3-group-flag
  iommu_aux_attach_group: sig('int', 'v3 2/4: aux-attach dev on behalf of group, set the group flag', ['domain', 'domain'], ['group', 'group'], ['dev', 'dev']),
  iommu_aux_detach_group: sig('void', 'v3 2/4: undo iommu_aux_attach_group', ['domain', 'domain'], ['group', 'group'], ['dev', 'dev']),
  iommu_aux_get_domain_for_dev: sig('ptr', "the aux domain of an mdev", ['dev', 'dev']),
  // domain-flag / driver-map
  iommu_attach_subdev_group: sig('int', 'group attach with a per-device lookup (mdev_get_iommu_device)', ['domain', 'domain'], ['group', 'group']),
  iommu_detach_subdev_group: sig('void', 'undo iommu_attach_subdev_group', ['domain', 'domain'], ['group', 'group']),
  iommu_domain_is_aux: sig('bool', 'the domain has an aux attachment (the flag on the domain)', ['domain', 'domain']),
  // pasid-6.x
  iommu_alloc_global_pasid: sig('int', 'lowest free PASID in [1, max_pasids-1], or -1', ['dev', 'dev']),
  iommu_free_global_pasid: sig('void', 'free a global PASID', ['int', 'pasid']),
  iommu_attach_device_pasid: sig('int', 'attach domain to (dev, pasid)', ['domain', 'domain'], ['dev', 'dev'], ['int', 'pasid']),
  iommu_detach_device_pasid: sig('void', 'detach domain from (dev, pasid)', ['domain', 'domain'], ['dev', 'dev'], ['int', 'pasid']),
  iommu_get_domain_for_dev_pasid: sig('ptr', 'the domain on (dev, pasid)', ['dev', 'dev'], ['int', 'pasid'], ['int', 'type']),
  // sysfs (v5.11+): echo TYPE > /sys/kernel/iommu_groups/N/type
  iommu_group_store_type: sig('int', "change the group's default domain type (IOMMU_DOMAIN_IDENTITY, _DMA, _DMA_FQ, or 0 for auto); 0 or -errno", ['group', 'group'], ['int', 'type']),
  // DMA ownership (v5.19+): vfio and iommufd claim a group, which puts it on its blocking domain
  iommu_group_claim_dma_owner: sig('int', "claim the group's DMA (owner: any non-zero number; 0 is NULL): the group moves onto its blocking domain; 0 or -errno", ['group', 'group'], ['int', 'owner']),
  iommu_group_release_dma_owner: sig('void', 'undo iommu_group_claim_dma_owner: the group goes back to its default domain', ['group', 'group']),
  iommu_device_claim_dma_owner: sig('int', "claim the DMA of dev's group; the same owner may claim again (owner: any non-zero number)", ['dev', 'dev'], ['int', 'owner']),
  iommu_device_release_dma_owner: sig('void', 'drop one iommu_device_claim_dma_owner; the last releases the group', ['dev', 'dev']),
  iommu_group_dma_owner_claimed: sig('bool', "does someone own the group's DMA (owner_cnt != 0)", ['group', 'group']),
  // mdev
  mdev_set_iommu_device: sig('int', "record the mdev's IOMMU backing device", ['dev', 'dev'], ['dev', 'iommu_device']),
  mdev_get_iommu_device: sig('ptr', "the mdev's IOMMU backing device", ['dev', 'dev']),
  // portable steps (vfio type1 and the mdev vendor driver)
  vfio_attach_group: sig('int', 'vfio type1 attaches a group to a container', ['container', 'container'], ['group', 'group']),
  vfio_detach_group: sig('void', 'vfio type1 detaches a group', ['container', 'container'], ['group', 'group']),
  driver_get_domain: sig('ptr', "the vendor driver's idiom for its mdev's domain", ['dev', 'mdev']),
  driver_get_pasid: sig('int', "the vendor driver's idiom for its mdev's PASID", ['dev', 'mdev']),
};

/** The portable steps: the same text under every design. */
export const PORTABLE_STEPS = ['vfio_attach_group', 'vfio_detach_group', 'driver_get_domain', 'driver_get_pasid'] as const;
