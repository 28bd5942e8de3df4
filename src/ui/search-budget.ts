/**
 * The browser search's memory budget (issue 23): what a tab survives, judged from what the page
 * can see. Chrome's `performance.memory.jsHeapSizeLimit` is one JavaScript heap's limit (the
 * search Worker has its own heap of that limit): a quarter of it. `navigator.deviceMemory` (GB,
 * rounded, at most 8) where that is all there is: an eighth of it. Never more than 1 GiB: the
 * search estimates its own footprint (src/search/memory.ts), and an estimate is not the heap, so
 * the budget keeps a margin of about 2x under the heap limit of a 64-bit Chrome (4 GiB).
 * Neither known (Firefox, Safari): 512 MiB.
 */
const MIB = 1024 * 1024;
export const MAX_BROWSER_BUDGET = 1024 * MIB;
export const FALLBACK_BUDGET = 512 * MIB;

interface Seen {
  readonly heapLimit?: number;
  readonly deviceGiB?: number;
}

/** The budget from what the page sees (pure: the caller reads performance and navigator). */
export function budgetFrom(seen: Seen): number {
  const from: number[] = [];
  if (seen.heapLimit && seen.heapLimit > 0) from.push(seen.heapLimit / 4);
  if (seen.deviceGiB && seen.deviceGiB > 0) from.push((seen.deviceGiB * 1024 * MIB) / 8);
  if (!from.length) return FALLBACK_BUDGET;
  return Math.floor(Math.min(MAX_BROWSER_BUDGET, ...from) / MIB) * MIB;
}

/** This page's budget. */
export function browserBudget(): number {
  const perf = globalThis.performance as { memory?: { jsHeapSizeLimit?: number } } | undefined;
  const nav = globalThis.navigator as { deviceMemory?: number } | undefined;
  return budgetFrom({ heapLimit: perf?.memory?.jsHeapSizeLimit, deviceGiB: nav?.deviceMemory });
}
