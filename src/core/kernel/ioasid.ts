/**
 * The global PASID space: drivers/iommu/ioasid.c in the aux era (lowest free id in [min, max]),
 * iommu_global_pasid_ida in v6.x. Both hand out the lowest free id, so one model serves both.
 */
import type { Kernel } from './kernel';

/** INVALID_IOASID / IOMMU_PASID_INVALID as the scenario shows it. */
export const PASID_INVALID = -1;

/** ioasid_alloc(NULL, min, max, NULL): lowest free id in [min, max], or PASID_INVALID. */
export function ioasidAlloc(k: Kernel, min: number, max: number, owner: string): number {
  const used = k.m.pasids;
  let p = min;
  while (p <= max && used[p] !== undefined) p++;
  if (p > max) return PASID_INVALID;
  k.setMachine({ pasids: { ...used, [p]: owner } });
  return p;
}

/** ioasid_free()/ioasid_put(): an id that is not allocated is refused with an error line. */
export function ioasidFree(k: Kernel, pasid: number, fn = 'ioasid_free'): void {
  k.call(fn, [pasid], () => {
    const used = k.m.pasids;
    if (used[pasid] === undefined) {
      k.err(`${fn}: Trying to free unknown IOASID ${pasid}`);
      return { t: 'void' };
    }
    const next = { ...used };
    delete next[pasid];
    k.setMachine({ pasids: next });
    return { t: 'void' };
  });
}
