/**
 * iommu_map / iommu_unmap / iommu_iova_to_phys (drivers/iommu/iommu.c, v5.8): the core splits
 * a range into the largest page sizes the domain supports and the addresses allow, and hands
 * each chunk to the driver.
 */
import type { DomainId } from '../model';
import { hex, int, type Value } from '../value';
import type { Kernel } from './kernel';
import { PtWriter } from '../ptmap';
import { intelIommuIovaToPhys, intelIommuMap, intelIommuUnmap, MAX_LEAVES_PER_CALL, type PtDraft } from './vtd-pgtable';

const SRC = 'drivers/iommu/iommu.c';
const PAGING = new Set(['UNMANAGED', 'DMA']);
/**
 * Driver calls one iommu_map/iommu_unmap may make before the emulator gives up (an emulator
 * limit, logged, never reached by a realistic scenario): the page table is kept entry by entry.
 */
export const MAX_CHUNKS_PER_CALL = 4096;

function tooLarge(k: Kernel, what: string): void {
  k.err(`emulator: ${what} needs more than ${MAX_CHUNKS_PER_CALL} driver calls; stopped there (emulator limit)`);
}

/** Lowest set bit of a (≤ 2^53) bitmap: the minimum page size. */
function minPageSize(bitmap: number): number {
  // Every domain of a machine has the same bitmap: the last answer is kept (a pure function).
  if (bitmap === lastBitmap) return lastMin;
  let p = 1;
  while (p <= bitmap && Math.floor(bitmap / p) % 2 === 0) p *= 2;
  lastBitmap = bitmap;
  lastMin = p;
  return p;
}
let lastBitmap = -1;
let lastMin = 1;

/** IS_ALIGNED(a | b | c, align) without 32-bit bitwise operators. */
const aligned = (align: number, a: number, b: number, c = 0): boolean => a % align === 0 && b % align === 0 && c % align === 0;

/**
 * iommu_pgsize(): the largest page size in the bitmap that is ≤ size and to which addrMerge
 * is aligned.
 */
export function iommuPgsize(bitmap: number, addrMerge: number, size: number): number {
  let best = 0;
  for (let p = minPageSize(bitmap); p <= size && p <= bitmap; p *= 2) {
    if (Math.floor(bitmap / p) % 2 === 1 && (addrMerge === 0 || addrMerge % p === 0)) best = p;
  }
  return best;
}

export function iommuMap(k: Kernel, dom: DomainId, iova: number, paddr: number, size: number, prot: number): Value {
  const d = k.domain(dom);
  // v6.12 __iommu_map tests __IOMMU_DOMAIN_PAGING before the page sizes (the blocking domain has
  // neither); v5.8 tests ops->map and pgsize_bitmap first (-ENODEV).
  if (k.rules.core === 'v6.2' && !PAGING.has(d.type)) return int(-22);
  if (d.pgsize_bitmap === 0) return int(-19);
  if (!PAGING.has(d.type)) return int(-22);
  const min = minPageSize(d.pgsize_bitmap);
  if (!aligned(min, iova, paddr, size)) {
    k.err(`${SRC}: unaligned: iova 0x${iova.toString(16)} pa 0x${paddr.toString(16)} size 0x${size.toString(16)} min_pagesz 0x${min.toString(16)}`);
    return int(-22);
  }
  let done = 0;
  let ret = 0;
  let calls = 0;
  const draft: PtDraft = { pt: new PtWriter(d.pt), left: MAX_LEAVES_PER_CALL };
  while (done < size) {
    if (++calls > MAX_CHUNKS_PER_CALL) {
      tooLarge(k, `iommu_map of 0x${size.toString(16)} bytes`);
      ret = -12;
      break;
    }
    const va = iova + done;
    const pa = paddr + done;
    const pg = iommuPgsize(d.pgsize_bitmap, mergeAddr(va, pa), size - done);
    k.call('intel_iommu_map', [{ kind: 'domain', id: dom }, va, pa, pg, prot], () => {
      ret = intelIommuMap(k, dom, va, pa, pg, prot, draft);
      return int(ret);
    });
    if (ret) break;
    done += pg;
  }
  k.setDomain(dom, { pt: draft.pt.done() });
  if (ret && done) iommuUnmap(k, dom, iova, done);
  return int(ret);
}

/** `iova | paddr` for the alignment test: aligned to p iff both are. */
function mergeAddr(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  // Alignment of a|b is the smaller of the two alignments.
  let p = 1;
  while (a % (p * 2) === 0 && b % (p * 2) === 0 && p < 2 ** 52) p *= 2;
  return p;
}

export function iommuUnmap(k: Kernel, dom: DomainId, iova: number, size: number): Value {
  const d = k.domain(dom);
  if (d.pgsize_bitmap === 0 || !PAGING.has(d.type)) return hex(0);
  const min = minPageSize(d.pgsize_bitmap);
  if (!aligned(min, iova, size)) {
    k.err(`${SRC}: unaligned: iova 0x${iova.toString(16)} size 0x${size.toString(16)} min_pagesz 0x${min.toString(16)}`);
    return hex(0);
  }
  let unmapped = 0;
  let calls = 0;
  while (unmapped < size) {
    if (++calls > MAX_CHUNKS_PER_CALL) {
      tooLarge(k, `iommu_unmap of 0x${size.toString(16)} bytes`);
      break;
    }
    const va = iova + unmapped;
    const pg = iommuPgsize(d.pgsize_bitmap, va, size - unmapped);
    let got = 0;
    k.call('intel_iommu_unmap', [{ kind: 'domain', id: dom }, va, pg], () => {
      got = intelIommuUnmap(k, dom, va, pg);
      return hex(got);
    });
    if (!got) break;
    unmapped += got;
  }
  return hex(unmapped);
}

/** v5.8 has no IDENTITY special case (0); v5.15+ returns the iova for IDENTITY, 0 for BLOCKED. */
export function iommuIovaToPhys(k: Kernel, dom: DomainId, iova: number): Value {
  const d = k.domain(dom);
  if (k.rules.core === 'v6.2') {
    if (d.type === 'IDENTITY') return hex(iova);
    if (d.type === 'BLOCKED') return hex(0);
  }
  return hex(intelIommuIovaToPhys(k, dom, iova));
}
