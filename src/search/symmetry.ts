/**
 * Symmetry reduction (as TLC's symmetry sets): objects of the searched machine that nothing
 * tells apart but their names — the containers, and the mdevs of one parent — are
 * interchangeable, so a state and the state with such objects renamed count once.
 *
 * Which objects (`symmetryOf`):
 * - containers: declared alike, named only in the domains they allocate (`C.dN`);
 * - the mdevs of one parent, each with its own singleton group (not those in a shared group).
 * Not the parents: VT-d gives each parent's default domain a domain-id in declaration order, and
 * a domain-id is a value the kernel compares and reuses (a stale PASID entry names one), so two
 * parents are told apart by it. A class is used only if renaming its members leaves the
 * initial machine of every compared design unchanged (checked on the fingerprint, for every swap
 * of two neighbours, which generate all the class's permutations) and no searched call returns
 * an mdev group's number (`iommu_group_id`): then the call alphabet, which fills each argument
 * with every object of its kind, is unchanged by the renaming too.
 *
 * How (`Canon`): per state, the members of each class are sorted by a hash of what they hold in
 * which nothing names a member of a class (containers first; then mdevs, whose hash names
 * containers by their sorted rank), ties kept in id order; the fingerprint is then that of the
 * state with the members renamed into sorted order. Each record's hash keeps its references
 * apart (fingerprint.ts `Info`), so renaming costs a few multiplications per reference. Two
 * states get the same key only if one is the other renamed (soundness needs nothing of the
 * sort); a tie between members that are not alike can keep two renamings of one state apart
 * (less reduction, never a wrong merge).
 *
 * A reduction can hide states, never invent a finding: every finding is replayed for real. That
 * it hides no finding is tested (test/search/symmetry.test.ts): reduced and unreduced searches
 * agree on found or not and on the shortest depth.
 */
import type { Container, Device, Domain, Group, Machine } from '../core';

type AnyRec = Device | Group | Domain | Container;
import { eachChange, finA, finB, globalInfo, infoOf, leafInfos, lanesOf, REF_DEV, REF_GROUP, TABLES, termA, termB, type Info, type Lanes } from './fingerprint';
import { namesOf, type MachineSpec } from './machine';

export interface SymClass {
  /** 'containers' or 'mdevs of P1'. */
  readonly label: string;
  /** The members' names, in id order. */
  readonly names: readonly string[];
  readonly kind: 'container' | 'mdev';
  /** Container ids, or mdev device ids, ascending. */
  readonly ids: readonly number[];
  /** For mdevs: each one's group, aligned with `ids`, and its name. */
  readonly groups: readonly number[];
  readonly groupNames: readonly string[];
}

export interface Symmetry {
  readonly classes: readonly SymClass[];
  /** Permutations in the group: the product of the classes' factorials. */
  readonly order: number;
}

const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));

/** Calls whose return value tells members of a class apart. */
const REVEALS_GROUP_NUMBER = ['iommu_group_id'];

/** The symmetry classes of a searched machine (null: none apply). */
export function symmetryOf(spec: MachineSpec, starts: readonly Machine[], calls: readonly string[]): Symmetry | null {
  const m0 = starts[0];
  const n = namesOf(spec);
  const byName = new Map(m0.devs.toArray().map((d) => [d.name, d]));
  const candidates: SymClass[] = [];
  const conts = m0.containers.toArray().filter((c) => n.containers.includes(c.name));
  if (conts.length > 1) candidates.push({ label: 'containers', names: conts.map((c) => c.name), kind: 'container', ids: conts.map((c) => c.id), groups: [], groupNames: [] });
  if (!calls.some((c) => REVEALS_GROUP_NUMBER.includes(c)))
    for (const p of [...n.auxParents, ...n.plainParents]) {
      const parent = byName.get(p);
      if (!parent) continue;
      const mdevs = m0.devs.toArray().filter((d) => d.parent === parent.id && d.iommu_group !== null && m0.groups.get(d.iommu_group).devices.length === 1);
      if (mdevs.length > 1) candidates.push({ label: `mdevs of ${p}`, names: mdevs.map((d) => d.name), kind: 'mdev', ids: mdevs.map((d) => d.id), groups: mdevs.map((d) => d.iommu_group!), groupNames: mdevs.map((d) => m0.groups.get(d.iommu_group!).name) });
    }
  // Keep a class only if swapping any two neighbours leaves every initial machine as it is.
  const classes = candidates.filter((c) =>
    starts.every((m) => {
      const canon = new Canon({ classes: [c], order: fact(c.ids.length) }, m);
      const base = lanesOf(m);
      for (let i = 0; i + 1 < c.ids.length; i++) {
        const order = c.ids.map((_, k) => k);
        [order[i], order[i + 1]] = [order[i + 1], order[i]];
        const l = canon.lanesWith(m, [order]);
        if (l[0] !== base[0] || l[1] !== base[1]) return false;
      }
      return true;
    }),
  );
  if (!classes.length) return null;
  return { classes, order: classes.reduce((x, c) => x * fact(c.ids.length), 1) };
}

/** One line for people: `containers {C, C2}, mdevs of P1 {m1, m1b}: 8 permutations`. */
export function symmetryText(s: Symmetry | null): string {
  if (!s) return 'none';
  return `${s.classes.map((c) => `${c.label} {${c.names.join(', ')}}`).join(', ')}: ${s.order} permutations`;
}

const TOKEN = 0x40000000;

/** The canonical renaming of states, for one searched machine's symmetry. */
export class Canon {
  private readonly dev: Int32Array;
  private readonly group: Int32Array;
  private readonly cont: Int32Array;
  /** Per reference kind, the class token a member is written as in a sort hash (or -1). */
  private readonly devTok: Int32Array;
  private readonly groupTok: Int32Array;
  private readonly contTok: Int32Array;
  private readonly contClass: SymClass | undefined;

  constructor(
    readonly sym: Symmetry,
    m0: Machine,
  ) {
    // Room for objects a call might add (none of the searched calls adds devices or groups).
    const size = (n: number) => n + 64;
    this.dev = Int32Array.from({ length: size(m0.devs.size) }, (_, i) => i);
    this.group = Int32Array.from({ length: size(m0.groups.size) }, (_, i) => i);
    this.cont = Int32Array.from({ length: size(m0.containers.size) }, (_, i) => i);
    this.devTok = new Int32Array(this.dev.length).fill(-1);
    this.groupTok = new Int32Array(this.group.length).fill(-1);
    this.contTok = new Int32Array(this.cont.length).fill(-1);
    sym.classes.forEach((c, k) => {
      for (let i = 0; i < c.ids.length; i++) {
        if (c.kind === 'container') this.contTok[c.ids[i]] = TOKEN + k;
        else {
          this.devTok[c.ids[i]] = TOKEN + k;
          this.groupTok[c.groups[i]] = TOKEN + 256 + k;
          this.ofGroup[c.groups[i]] = c.ids[i];
        }
      }
    });
    this.contClass = sym.classes.find((c) => c.kind === 'container');
    this.mdevIds = sym.classes.flatMap((c) => (c.kind === 'mdev' ? c.ids : []));
    this.flat = new Int8Array(sym.classes.reduce((n, c) => n + c.ids.length, 0));
  }

  /** A record's sort hash: its hash with every class member written as its class. */
  private sortHash(info: Info, contRank: Int32Array | null): number {
    const p = info.parts;
    let a = 0;
    for (let i = 0; i < p.length; ) {
      let pa = p[i];
      const end = i + 3 + 4 * p[i + 2];
      for (i += 3; i < end; i += 4) {
        const kind = p[i + 2];
        const id = p[i + 3];
        let x = id;
        if (kind === REF_DEV) x = this.devTok[id] >= 0 ? this.devTok[id] : id;
        else if (kind === REF_GROUP) x = this.groupTok[id] >= 0 ? this.groupTok[id] : id;
        else if (this.contTok[id] >= 0) x = contRank ? TOKEN + 512 + contRank[id] : this.contTok[id];
        pa = (pa + termA(p[i], x)) | 0;
      }
      a = (a + finA(pa)) >>> 0;
    }
    return a;
  }

  /** A record's lanes with its references renamed by the current maps. */
  private renamed(info: Info): [number, number] | null {
    const p = info.parts;
    let changed = false;
    let a = 0;
    let b = 0;
    for (let i = 0; i < p.length; ) {
      let pa = p[i];
      let pb = p[i + 1];
      const end = i + 3 + 4 * p[i + 2];
      for (i += 3; i < end; i += 4) {
        const kind = p[i + 2];
        const id = p[i + 3];
        // An object added after the start (none of the searched calls adds any) keeps its id.
        const x = (kind === REF_DEV ? this.dev[id] : kind === REF_GROUP ? this.group[id] : this.cont[id]) ?? id;
        if (x !== id) changed = true;
        pa = (pa + termA(p[i], x)) | 0;
        pb = (pb + termB(p[i + 1], x)) | 0;
      }
      a = (a + finA(pa)) >>> 0;
      b = (b + finB(pb)) >>> 0;
    }
    return changed ? [a, b] : null;
  }

  /** Sets the maps to rename class members into the given orders (one per class: member index at each rank). */
  /** The current renaming, flat: each class's order, one after the other. */
  private readonly flat: Int8Array;

  private setMaps(orders: readonly (readonly number[])[]): boolean {
    let identity = true;
    let at = 0;
    this.sym.classes.forEach((c, k) => {
      const order = orders[k];
      for (let r = 0; r < order.length; r++) {
        const from = order[r];
        this.flat[at++] = from;
        if (from !== r) identity = false;
        if (c.kind === 'container') this.cont[c.ids[from]] = c.ids[r];
        else {
          this.dev[c.ids[from]] = c.ids[r];
          this.group[c.groups[from]] = c.groups[r];
        }
      }
    });
    return identity;
  }

  /** The lanes of `m` with its class members renamed by the current maps. */
  private lanesRenamed(m: Machine, base: Lanes): Lanes {
    let a = base[0];
    let b = base[1];
    const add = (info: Info) => {
      const r = this.renamed(info);
      if (r) {
        a = (a - info.a + r[0]) >>> 0;
        b = (b - info.b + r[1]) >>> 0;
      }
    };
    add(globalInfo(m));
    eachInfo(m, add);
    return [a, b];
  }

  /** The lanes of `m` renamed by explicit orders (for the initial-machine check and tests). */
  lanesWith(m: Machine, orders: readonly (readonly number[])[]): Lanes {
    this.setMaps(orders);
    const l = this.lanesRenamed(m, lanesOf(m));
    this.setMaps(this.sym.classes.map((c) => c.ids.map((_, i) => i)));
    return l;
  }

  private readonly rank = new Int32Array(256);
  /** The containers' sort hashes of the last `choose`, by class index. */
  private contScore: readonly number[] = [];
  /** Per mdev member (by device id): the sum of what refers to it; per group: its mdev. */
  private readonly score = new Float64Array(4096);
  private readonly ofGroup = new Int32Array(4096).fill(-1);

  /** Adds (or with sign -1 takes out), to each mdev member a record refers to, a hash of the record and the place it does. */
  private visit(info: Info, rank: Int32Array | null, sign = 1): void {
    const p = info.parts;
    let tok = -1;
    for (let i = 0; i < p.length; ) {
      const end = i + 3 + 4 * p[i + 2];
      for (i += 3; i < end; i += 4) {
        const kind = p[i + 2];
        const id = p[i + 3];
        const member = kind === REF_DEV ? (this.devTok[id] >= 0 ? id : -1) : kind === REF_GROUP ? (this.ofGroup[id] ?? -1) : -1;
        if (member < 0) continue;
        if (tok < 0) tok = this.sortHash(info, rank);
        this.score[member] += sign * finA((p[i] + tok + kind) | 0);
      }
    }
  }

  /**
   * Chooses the canonical renaming for `m` and says whether it is the identity. Containers are
   * sorted by their record and their domains'; each mdev by what every record says of it (where
   * it refers to the mdev or its group, with containers named by rank). The renaming stays set
   * for `lanes` until the next choice.
   */
  choose(m: Machine): boolean {
    const r = this.sortContainers(m);
    if (this.mdevIds.length) {
      for (const id of this.mdevIds) this.score[id] = 0;
      this.visit(globalInfo(m), r);
      eachInfo(m, (info) => this.visit(info, r));
    }
    return this.setOrders();
  }

  /**
   * `choose` for `next`, reached from a state whose sort was `prior` (`snapshot`) by a call that
   * replaced `writes` and added `created`: the mdevs' scores are the prior ones, less what the
   * replaced records added, plus what their successors add — unless the containers' order
   * changed (their ranks are in every score), then from scratch.
   */
  chooseAfter(prior: SortState, prev: Machine, next: Machine, writes: readonly unknown[], created: readonly { kind: string; id: number }[]): boolean {
    const r = this.sortContainers(next);
    if (this.contCode !== prior.cont) return this.choose(next);
    for (let i = 0; i < this.mdevIds.length; i++) this.score[this.mdevIds[i]] = prior.scores[i];
    if (this.mdevIds.length && prev !== next) eachChange(prev, next, writes, created, (info, sign) => this.visit(info, r, sign));
    return this.setOrders();
  }

  /** What the last choice sorted by and chose, to start the next one from (`chooseAfter`). */
  snapshot(): SortState {
    return { cont: this.contCode, scores: Float64Array.from(this.mdevIds, (id) => this.score[id]), renaming: this.flat.slice() };
  }

  /** Sets again the choice made for `m` (`snapshot` taken right after it). */
  restore(s: SortState, m: Machine): boolean {
    this.sortContainers(m);
    for (let i = 0; i < this.mdevIds.length; i++) this.score[this.mdevIds[i]] = s.scores[i];
    return this.setOrders();
  }

  /** Whether the current renaming is the one `s` recorded. */
  sameRenaming(s: SortState): boolean {
    const f = this.flat;
    for (let i = 0; i < f.length; i++) if (f[i] !== s.renaming[i]) return false;
    return true;
  }

  /**
   * The lanes of `next` under the current renaming, from those of `prev` under the same
   * renaming and what the call changed (as `lanesAfter`, renamed).
   */
  lanesAfter(prevRenamed: Lanes, prev: Machine, next: Machine, writes: readonly unknown[], created: readonly { kind: string; id: number }[]): Lanes {
    let a = prevRenamed[0];
    let b = prevRenamed[1];
    eachChange(prev, next, writes, created, (info, sign) => {
      const r = this.renamed(info);
      a += sign * (r ? r[0] : info.a);
      b += sign * (r ? r[1] : info.b);
    });
    return [a >>> 0, b >>> 0];
  }

  private contOrder: number[] | null = null;
  private contCode = 0;
  private readonly mdevIds: readonly number[];

  /** Sorts the containers (by their record and their domains'); their ranks, or null without a container class. */
  private sortContainers(m: Machine): Int32Array | null {
    const cc = this.contClass;
    if (!cc) return null;
    const h = cc.ids.map((id) => {
      const c = m.containers.get(id);
      let x = this.sortHash(infoOf(m, 3, c), null);
      for (const v of c.domain_list) x = (x + this.sortHash(infoOf(m, 2, m.domains.get(v.domain)), null)) >>> 0;
      return x;
    });
    const order = sortedBy(h);
    let code = 0;
    order.forEach((from, r) => {
      this.rank[cc.ids[from]] = r;
      code = code * 8 + from;
    });
    this.contOrder = order;
    this.contCode = code;
    this.contScore = h;
    return this.rank;
  }

  private setOrders(): boolean {
    return this.setMaps(this.sym.classes.map((c) => (c === this.contClass ? this.contOrder! : sortedBy(c.ids.map((id) => this.score[id])))));
  }

  /**
   * The renamings that leave `ms` (one machine per design) unchanged, as blocks: members of a
   * class that `choose(ms[0])` could not tell apart and whose swap with the block's first member
   * leaves every machine's fingerprint as it is. Swaps within a block generate all its
   * permutations, so any renaming inside blocks is an automorphism of the state: two calls that
   * differ by one lead to renamings of one state, with renamed return values (`Stabiliser`).
   * Null when every member stands alone. Call right after `choose(ms[0])`.
   */
  blocks(ms: readonly Machine[]): Int32Array[] | null {
    let out: Int32Array[] | null = null;
    this.sym.classes.forEach((c, k) => {
      const score = c.kind === 'container' ? this.contScore : c.ids.map((id) => this.score[id]);
      const block = new Int32Array(c.ids.length).fill(-1);
      let any = false;
      for (let i = 0; i < c.ids.length; i++) {
        if (block[i] >= 0) continue;
        block[i] = i;
        for (let j = i + 1; j < c.ids.length; j++) {
          if (block[j] >= 0 || score[j] !== score[i]) continue;
          const order = c.ids.map((_, x) => x);
          [order[i], order[j]] = [j, i];
          const orders = this.sym.classes.map((cl, y) => (y === k ? order : cl.ids.map((_, x) => x)));
          if (ms.every((m) => sameLanes(this.lanesWith(m, orders), lanesOf(m)))) {
            block[j] = i;
            any = true;
          }
        }
      }
      if (any) (out ??= this.sym.classes.map((cl) => Int32Array.from(cl.ids, (_, x) => x)))[k] = block;
    });
    return out;
  }

  /** The lanes of `m` under the renaming `choose` set (`base`: its own lanes). */
  lanes(m: Machine, base: Lanes, identity: boolean): Lanes {
    return identity ? base : this.lanesRenamed(m, base);
  }
}

/** Every record's hash (live domains only), leaf by leaf (no flattened copy of each new table). */
function eachInfo(m: Machine, f: (info: Info) => void): void {
  for (let kind = 0; kind < 4; kind++)
    for (const leaf of (m[TABLES[kind]] as { chunkList(): readonly (readonly AnyRec[])[] }).chunkList()) for (const info of leafInfos(m, kind as 0 | 1 | 2 | 3, leaf)) f(info);
}

/** Where a state's sort stood: the containers' order and the mdevs' scores. */
export interface SortState {
  readonly cont: number;
  readonly scores: Float64Array;
  /** The renaming chosen, each class's order one after the other. */
  readonly renaming: Int8Array;
}

const sameLanes = (x: Lanes, y: Lanes): boolean => x[0] === y[0] && x[1] === y[1];

/**
 * Which calls of a state to make when some members are interchangeable in it (`Canon.blocks`):
 * of calls that differ only by a renaming inside blocks, the one whose block members appear in
 * block order (the first member first): `f(m1)` and not `f(m1b)`; `g(m1, m1b)` and not
 * `g(m1b, m1)`; `g(m1, m1)` too, which no renaming makes `g(m1, m1b)`.
 */
export class Stabiliser {
  /** Per argument name: class index and member index, or undefined for a non-member. */
  private readonly member = new Map<string, readonly [number, number] | null>();
  private readonly contByName = new Map<string, number>();

  constructor(readonly sym: Symmetry) {
    sym.classes.forEach((c, k) =>
      c.names.forEach((n, i) => {
        this.member.set(n, [k, i]);
        // An mdev's group is renamed with it.
        if (c.kind === 'mdev') this.member.set(c.groupNames[i], [k, i]);
        else this.contByName.set(n, k * 65536 + i);
      }),
    );
  }

  private memberOf(arg: string): readonly [number, number] | null {
    let x = this.member.get(arg);
    if (x === undefined) {
      // A container's domain (`C.d0`) is renamed with its container.
      const dot = arg.lastIndexOf('.');
      const c = dot > 0 ? this.contByName.get(arg.slice(0, dot)) : undefined;
      x = c === undefined ? null : [Math.floor(c / 65536), c % 65536];
      this.member.set(arg, x);
    }
    return x;
  }

  /** Whether to make the call with these arguments, given the state's blocks. */
  keep(args: readonly string[], blocks: readonly Int32Array[]): boolean {
    const used: number[] = [];
    for (const a of args) {
      const x = this.memberOf(a);
      if (!x) continue;
      const block = blocks[x[0]];
      const first = block[x[1]];
      const key = x[0] * 65536 + x[1];
      if (used.includes(key)) continue;
      // Members of this block already used by the call, before this one.
      let before = 0;
      for (const u of used) if (Math.floor(u / 65536) === x[0] && block[u % 65536] === first) before++;
      // This member's rank within its block.
      let rankInBlock = 0;
      for (let i = 0; i < x[1]; i++) if (block[i] === first) rankInBlock++;
      if (rankInBlock !== before) return false;
      used.push(key);
    }
    return true;
  }
}

/** Indices sorted by hash, ties in index order. */
function sortedBy(h: readonly number[]): number[] {
  const idx = h.map((_, i) => i);
  idx.sort((x, y) => h[x] - h[y] || x - y);
  return idx;
}
