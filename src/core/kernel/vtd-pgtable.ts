/**
 * The VT-d second-level page table of one domain (intel_iommu_map/unmap/iova_to_phys, v5.8),
 * kept as a sparse radix tree (src/core/ptmap.ts): entries keyed by (level, index), a leaf (4 KiB PTE or a 2 MiB /
 * 1 GiB superpage) or a pointer to a lower table. Only what the API can observe is modelled:
 * which levels exist decides how much an unmap of an unmapped range reports.
 */
import type { Domain, DomainId, PtEntry } from '../model';
import { ptGet, PtWriter, type PtMap } from '../ptmap';
import type { Kernel } from './kernel';

const SRC = 'drivers/iommu/intel/iommu.c';
/** Bytes one entry at `level` spans: 4 KiB, 2 MiB, 1 GiB, 512 GiB … */
export const span = (level: number): number => SPANS[level] ?? 2 ** (12 + 9 * (level - 1));
/** span() of levels 0–7, computed once (the page-table walks call it in every loop). */
const SPANS: readonly number[] = Array.from({ length: 8 }, (_, l) => 2 ** (12 + 9 * (l - 1)));
/** Page-table levels for a width: 48 bits → 4, 57 → 5, 39 → 3. */
export const levelsFor = (gaw: number): number => Math.ceil((gaw - 12) / 9);
/** Leaf entries one iommu_map call may create before the emulator refuses with -ENOMEM. */
export const MAX_LEAVES_PER_CALL = 65536;

/** Walks from the top: the first entry that is missing or a leaf, with its level (target 0). */
function walk(pt: PtMap, top: number, iova: number): { level: number; e: PtEntry | undefined } {
  for (let level = top; level >= 1; level--) {
    const e = ptGet(pt, level, Math.floor(iova / span(level)));
    if (!e || e.paddr !== null || level === 1) return { level, e };
  }
  return { level: 1, e: undefined };
}

/**
 * The largest superpage level the domain supports and the (iova, paddr, size) chunk allows
 * (hardware_largepage_caps). v6.12 reads domain->iommu_superpage, 0 until the first attach's
 * domain_update_iommu_cap(), which is when the 2 MiB size joins pgsize_bitmap.
 */
function largepageLevel(k: Kernel, d: Domain, iova: number, paddr: number, size: number): number {
  const superpage = k.rules.core === 'v6.2' ? Math.floor(d.pgsize_bitmap / span(2)) % 2 === 1 : k.m.iommu.superpage;
  const maxLevel = superpage ? 3 : 1;
  let level = 1;
  while (level < maxLevel) {
    const s = span(level + 1);
    if (iova % s !== 0 || paddr % s !== 0 || size < s) break;
    level++;
  }
  return level;
}

/**
 * A page table being written by one iommu_map call: the core commits it once at the end, and
 * `left` bounds how many leaves the call may create (an emulator limit: -ENOMEM beyond it).
 */
export interface PtDraft {
  readonly pt: PtWriter;
  left: number;
}

/** intel_iommu_map(): one chunk the core chose, written into the draft. 0, -EFAULT, -EINVAL or -ENOMEM. */
export function intelIommuMap(k: Kernel, dom: DomainId, iova: number, paddr: number, size: number, prot: number, draft: PtDraft): number {
  const d = k.domain(dom);
  const maxAddr = iova + size;
  if (d.max_addr < maxAddr) {
    if (2 ** d.gaw < maxAddr) {
      k.err(`${SRC}: intel_iommu_map: iommu width (${d.gaw}) is not sufficient for the mapped address (0x${maxAddr.toString(16)})`);
      return -14;
    }
    k.setDomain(dom, { max_addr: maxAddr });
  }
  // __domain_mapping(): a PTE that neither reads nor writes is refused.
  if ((prot & 3) === 0) return -22;
  const top = levelsFor(d.gaw);
  // The page table was freed by a v6.12 domain_exit() that WARNed and kept the domain:
  // pfn_to_dma_pte() walks from the NULL pgd.
  if (d.pgd_freed) pgdOops(k, d, 'pfn_to_dma_pte', iova);
  const lvl = largepageLevel(k, d, iova, paddr, size);
  const step = span(lvl);
  draft.left -= size / step;
  if (draft.left < 0) {
    // An emulator limit, not the kernel's: the page table is kept entry by entry.
    k.err(`emulator: this iommu_map needs more than ${MAX_LEAVES_PER_CALL} page-table entries; refused as -ENOMEM (emulator limit)`);
    return -12;
  }
  const pt = draft.pt;
  for (let off = 0; off < size; off += step) {
    const va = iova + off;
    // Before a superpage (v5.8 __domain_mapping's dma_pte_free_pagetable(); v6.12
    // switch_to_super_page() for a present slot): the range is cleared (the smaller mappings, or
    // an older superpage in the very slot) and the tables below it freed, the slot's own table
    // pointer included (retain_level = level + 1). The superpage then goes into an empty slot.
    if (lvl > 1) clearLevelsBelow(pt, va, va + span(lvl), lvl + 1);
    // pfn_to_dma_pte(): create the tables down to the target level.
    for (let level = top; level > lvl; level--) {
      const index = Math.floor(va / span(level));
      if (!pt.get(level, index)) pt.set({ level, index, paddr: null, prot: 0 });
    }
    const old = pt.get(lvl, Math.floor(va / step));
    if (old) {
      // cmpxchg64_local(&pte->val, 0, pteval) failed: the old translation stays.
      k.err(`ERROR: DMA PTE for vPFN 0x${Math.floor(va / 4096).toString(16)} already set (to ${old.paddr === null ? 'table' : `0x${old.paddr.toString(16)}`} not 0x${(paddr + off).toString(16)})`);
      k.warn(`${SRC}:__domain_mapping`, 'WARN_ON(1)');
      continue;
    }
    pt.set({ level: lvl, index: Math.floor(va / step), paddr: paddr + off, prot });
  }
  return 0;
}

/**
 * Entries of the levels below `lvl` whose range lies inside [start, end) go: what
 * dma_pte_free_pagetable() does before a superpage, and dma_pte_clear_level() for the
 * covered part of an unmap. Only the part of each level's tree inside the range is visited.
 */
function clearLevelsBelow(pt: PtWriter, start: number, end: number, lvl: number): void {
  for (let level = 1; level < lvl; level++) pt.deleteRange(level, Math.ceil(start / span(level)), Math.floor(end / span(level)));
}

/** A walk from a v6.12 domain whose pgd domain_exit() freed: a NULL dereference. */
function pgdOops(k: Kernel, d: Domain, fn: string, iova: number): never {
  k.oops(`BUG: kernel NULL pointer dereference — RIP: ${fn} (${d.name}->pgd is NULL: iommu_domain_free freed its page table while it was attached; iova 0x${iova.toString(16)})`);
}

/**
 * intel_iommu_unmap(): the size is rounded up to the level where the walk stopped, a superpage
 * or the first missing table ("cope with horrid API"), and that range is cleared. Returns the
 * rounded size. An iova beyond the domain width hits BUG_ON(): the caller crashes.
 */
export function intelIommuUnmap(k: Kernel, dom: DomainId, iova: number, size: number): number {
  const d = k.domain(dom);
  const v612 = k.rules.core === 'v6.2';
  if (iova >= 2 ** d.gaw) {
    // v6.12 intel_iommu_unmap: pfn_to_dma_pte() is NULL beyond the width -> return 0 (v5.8: BUG_ON).
    if (v612) return 0;
    k.oops(`kernel BUG at ${SRC}: intel_iommu_unmap: BUG_ON(!pfn_to_dma_pte(dmar_domain, 0x${Math.floor(iova / 4096).toString(16)}, &level))`);
  }
  if (d.pgd_freed) pgdOops(k, d, 'pfn_to_dma_pte', iova);
  const { level } = walk(d.pt, levelsFor(d.gaw), iova);
  if (size < span(level)) size = span(level);
  if (iova + size > 2 ** d.gaw) {
    // v6.12 domain_unmap: WARN_ON(!domain_pfn_supported(domain, last_pfn)) -> return, nothing cleared.
    if (!v612) k.oops(`kernel BUG at ${SRC}: domain_unmap: BUG_ON(!domain_pfn_supported(domain, last_pfn))`);
    k.warn(`${SRC}:domain_unmap`, `WARN_ON(!domain_pfn_supported(domain, last_pfn)) (0x${(iova + size).toString(16)} is beyond ${d.gaw} bits)`);
  } else {
    const pt = new PtWriter(d.pt);
    // dma_pte_clear_level(): entries wholly inside the range go (a table with all below it, as
    // those lie inside it too); a table only partly covered is descended into; a superpage only
    // partly covered stays.
    clearLevelsBelow(pt, iova, iova + size, levelsFor(d.gaw) + 1);
    k.setDomain(dom, { pt: pt.done() });
  }
  // Both versions: an unmap that ends at max_addr lowers it to its start.
  if (k.domain(dom).max_addr === iova + size) k.setDomain(dom, { max_addr: iova });
  return size;
}

/** intel_iommu_iova_to_phys(): the present leaf's address plus the offset in it, else 0. */
export function intelIommuIovaToPhys(k: Kernel, dom: DomainId, iova: number): number {
  const d = k.domain(dom);
  if (iova >= 2 ** d.gaw) return 0;
  if (d.pgd_freed) pgdOops(k, d, 'pfn_to_dma_pte', iova);
  const { level, e } = walk(d.pt, levelsFor(d.gaw), iova);
  if (!e || e.paddr === null) return 0;
  return e.paddr + (iova % span(level));
}
