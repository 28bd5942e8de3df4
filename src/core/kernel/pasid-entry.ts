/** VT-d PASID-table entries (drivers/iommu/intel/pasid.c). */
import type { DevId, DomainId } from '../model';
import type { Kernel } from './kernel';

/**
 * intel_pasid_setup_second_level(): programs `pasid` on `dev` for `dom`. v5.8 writes over a
 * present entry without a check; v5.15 refuses it with -EBUSY (rules.pasidPresentCheck).
 */
export function pasidSetupSecondLevel(k: Kernel, dom: DomainId, dev: DevId, pasid: number): number {
  const d = k.dev(dev);
  const cur = d.pasid_table[pasid];
  if (cur && k.rules.pasidPresentCheck) {
    k.err(`DMAR: ${d.name}: pasid ${pasid} entry is present`);
    return -16;
  }
  k.setDev(dev, { pasid_table: { ...d.pasid_table, [pasid]: { domain: dom, did: k.domain(dom).iommu_did } } });
  if (pasid !== 0) indexPasidDev(k, dev, true);
  return 0;
}

/** Does the table hold an entry other than RID2PASID (pasid 0)? */
function hasAuxEntry(table: Readonly<Record<number, unknown>>): boolean {
  for (const p in table) if (p !== '0') return true;
  return false;
}

/**
 * Keeps Machine.pasid_devs in step with `dev`'s table (call after any change to it). `has`:
 * whether the table now holds an entry other than pasid 0, when the caller knows it (it just
 * wrote a fresh table or a non-zero pasid: enumerating a table's keys is the slow part).
 */
export function indexPasidDev(k: Kernel, dev: DevId, has = hasAuxEntry(k.dev(dev).pasid_table)): void {
  const listed = k.m.pasid_devs.includes(dev);
  if (has && !listed) k.setMachine({ pasid_devs: [...k.m.pasid_devs, dev] });
  if (!has && listed) k.setMachine({ pasid_devs: k.m.pasid_devs.filter((x) => x !== dev) });
}

/** intel_pasid_tear_down_entry(): clears the entry, whoever it belonged to. */
export function pasidTearDownEntry(k: Kernel, dev: DevId, pasid: number): void {
  const d = k.dev(dev);
  if (d.pasid_table[pasid] === undefined) return;
  const next = { ...d.pasid_table };
  delete next[pasid];
  k.setDev(dev, { pasid_table: next });
  indexPasidDev(k, dev);
}
