/**
 * PtMap: a domain's page-table entries, keyed by (level, index), as a persistent radix tree.
 *
 * Why not a Record copied per call: each iommu_map copied the whole table (`{ ...d.pt }`) and
 * each unmap walked every entry, so 12k maps on one domain cost 53 s and 3.9 GB. Here a call
 * copies only the nodes on the paths it writes (16 slots a node), and an unmap or a superpage
 * visits only the part of the tree its range covers. The tree is plain arrays and objects, not
 * a class: a Domain crosses to the page by structured clone, which keeps plain data (and the
 * nodes two versions share, within one message).
 *
 * One tree per level; index digits of 4 bits, most significant first. Entries come out in
 * (level, index) order, so two machines with the same entries list them the same way.
 */
import type { PtEntry } from './model';

type Node = (Node | PtEntry | undefined)[];

/** The nodes of one level: `h` digits (keys < 16^h), root `r`. */
interface LevelTree {
  readonly h: number;
  readonly r: Node;
}

export interface PtMap {
  /** Number of entries. */
  readonly n: number;
  /** Per level (1 = 4 KiB PTEs, 2, 3 …): its tree, absent while it has no entry. */
  readonly lv: readonly (LevelTree | undefined)[];
}

const WIDTH = 16;
/** 16^s for s = 0 … 13 (indexes stay below 2^53). */
const POW: readonly number[] = Array.from({ length: 14 }, (_, s) => WIDTH ** s);
const digit = (index: number, s: number): number => Math.floor(index / POW[s]) % WIDTH;

export const PT_EMPTY: PtMap = Object.freeze({ n: 0, lv: Object.freeze([]) as readonly (LevelTree | undefined)[] });

export function ptSize(pt: PtMap): number {
  return pt.n;
}

export function ptGet(pt: PtMap, level: number, index: number): PtEntry | undefined {
  const t = pt.lv[level];
  if (!t || index >= POW[t.h]) return undefined;
  let node: Node | undefined = t.r;
  for (let s = t.h - 1; s > 0 && node; s--) node = node[digit(index, s)] as Node | undefined;
  return node?.[digit(index, 0)] as PtEntry | undefined;
}

/** Calls `f` on the entries of `level` with lo <= index < hi, in index order. */
export function ptEach(pt: PtMap, level: number, lo: number, hi: number, f: (e: PtEntry) => void): void {
  const t = pt.lv[level];
  if (!t || hi <= lo) return;
  // Iterative: a stack of (node, its first index, digit position).
  const stack: [Node, number, number][] = [[t.r, 0, t.h - 1]];
  while (stack.length) {
    const [node, base, s] = stack.pop()!;
    const step = POW[s];
    if (s === 0) {
      for (let i = 0; i < WIDTH; i++) {
        const from = base + i;
        if (node[i] !== undefined && from >= lo && from < hi) f(node[i] as PtEntry);
      }
      continue;
    }
    // Children pushed from the highest, so that they pop in index order.
    for (let i = WIDTH - 1; i >= 0; i--) {
      const c = node[i];
      const from = base + i * step;
      if (c !== undefined && from < hi && from + step > lo) stack.push([c as Node, from, s - 1]);
    }
  }
}

/** Every entry, by level then index. */
export function ptEntries(pt: PtMap): PtEntry[] {
  const out: PtEntry[] = [];
  for (let level = 0; level < pt.lv.length; level++) {
    const t = pt.lv[level];
    if (!t) continue;
    ptEach(pt, level, 0, POW[t.h], (e) => out.push(e));
  }
  return out;
}

/** Entries of `level` with lo <= index < hi, in index order. */
export function ptRange(pt: PtMap, level: number, lo: number, hi: number): PtEntry[] {
  const out: PtEntry[] = [];
  ptEach(pt, level, lo, hi, (e) => out.push(e));
  return out;
}

/**
 * A page table being written by one kernel call: nodes are copied the first time the call
 * touches them and written in place after; `done()` hands back the new PtMap. The PtMap it
 * started from is never written.
 */
export class PtWriter {
  private n: number;
  private readonly lv: (LevelTree | undefined)[];
  private readonly owned = new Set<Node>();

  constructor(from: PtMap) {
    this.n = from.n;
    this.lv = from.lv.slice();
  }

  get(level: number, index: number): PtEntry | undefined {
    return ptGet({ n: this.n, lv: this.lv }, level, index);
  }

  private own(node: Node | undefined): Node {
    if (node && this.owned.has(node)) return node;
    const copy: Node = node ? node.slice() : [];
    this.owned.add(copy);
    return copy;
  }

  set(e: PtEntry): void {
    const { level, index } = e;
    let t = this.lv[level];
    let h = t?.h ?? 1;
    while (index >= POW[h]) h++;
    let root: Node = t ? this.own(t.r) : this.own(undefined);
    // Grow: the old root becomes child 0 of a new one, one digit per level.
    for (let g = t?.h ?? h; g < h; g++) {
      const up = this.own(undefined);
      up[0] = root;
      root = up;
    }
    t = { h, r: root };
    this.lv[level] = t;
    let node = root;
    for (let s = h - 1; s > 0; s--) {
      const d = digit(index, s);
      node = node[d] = this.own(node[d] as Node | undefined);
    }
    const d = digit(index, 0);
    if (node[d] === undefined) this.n++;
    node[d] = e;
  }

  delete(level: number, index: number): void {
    const t = this.lv[level];
    if (!t || index >= POW[t.h] || this.get(level, index) === undefined) return;
    const root = this.own(t.r);
    this.lv[level] = { h: t.h, r: root };
    let node = root;
    for (let s = t.h - 1; s > 0; s--) {
      const d = digit(index, s);
      node = node[d] = this.own(node[d] as Node);
    }
    node[digit(index, 0)] = undefined;
    this.n--;
  }

  /** Deletes the entries of `level` with lo <= index < hi. */
  deleteRange(level: number, lo: number, hi: number): void {
    for (const e of ptRange(this.done(), level, lo, hi)) this.delete(level, e.index);
  }

  /** The table as written so far (the writer may go on writing: it owns nodes no one else sees until the call ends). */
  done(): PtMap {
    if (this.n === 0) return PT_EMPTY;
    return { n: this.n, lv: this.lv.slice() };
  }
}
