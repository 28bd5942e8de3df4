/**
 * Which include/linux/iommu.h a design's constants come from. The aux-era designs model v5.8
 * (driver-map's v5.11 VT-d bookkeeping changed none of these values); pasid-6.x models v6.2's
 * core and v6.12's checks, and reads its constants from v6.12.
 */
import type { Design } from './design';
import { CONSTANTS_BY_VERSION, type HeaderVersion } from './value';

export function headerVersion(d: Pick<Design, 'rules'>): HeaderVersion {
  return d.rules.core === 'v6.2' ? 'v6.12' : 'v5.8';
}

/** The constants a design's scenarios may name, with that version's values. */
export function constantsOf(d: Pick<Design, 'rules'>): Readonly<Record<string, number>> {
  return CONSTANTS_BY_VERSION[headerVersion(d)];
}
