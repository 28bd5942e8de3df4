/**
 * A 53-bit fingerprint of a machine for the search's visited set: what canonOf (canon.ts) says
 * as a string, hashed field by field (record.ts writes the fields, for both), without text.
 *
 * - Each record (device, group, live domain, container) is hashed into two 32-bit lanes and
 *   cached by the record's identity: records never change, and a step replaces only what it
 *   wrote, so a new state hashes only its new records.
 * - A record's hash is a hash of its values (with a placeholder where it refers to another
 *   object) plus one term per reference, mixing the reference's position with the object's id.
 *   Both parts are kept (`Info`), so the hash of the same record with its references renamed
 *   (symmetry.ts) costs a few multiplications, not a rewrite.
 * - The machine's fingerprint is the lane-wise sum of its records' hashes plus the machine-wide
 *   fields (allocator, counters, domain-ids). A sum can be kept up to date: the search takes
 *   out the shares of the records a call replaced and adds their successors' (`lanesAfter`).
 *   The sum does not depend on where a live domain sits in the domain table, only on its name
 *   and fields, and freed domains add nothing.
 * - Names are unique within a searched machine (container domains are `C.dN` with a counter the
 *   state keeps; the search binds no names), so naming a domain is naming it.
 *
 * Two different states share a fingerprint with probability about n²/2⁵⁴ for n states
 * (≈ 6·10⁻⁵ for a million): as TLC does, the search accepts that and says so (docs/performance.md).
 */
import type { Container, Device, Domain, Group, Machine } from '../core';
import { writeContainer, writeDevice, writeDomain, writeGlobal, writeGroup, type Sink } from './record';

/** Reference kinds in `Info.refs`. */
export const REF_DEV = 0;
export const REF_GROUP = 1;
export const REF_CONTAINER = 2;

/** murmur3's finaliser: every input bit moves every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The terms a reference adds to each lane: its position (`seed`) mixed with the object's id. */
export const termA = (seed: number, id: number): number => fmix((seed + Math.imul(id + 7, 0x9e3779b1)) | 0);
export const termB = (seed: number, id: number): number => fmix(seed ^ Math.imul(id + 13, 0x7feb352d));

/**
 * One record's hash. `a`, `b`: the lanes as the record is. `parts`: the record's parts (itself,
 * and each entry of a keyed map), flat: per part `sa, sb, n`, then n references as
 * `seedA, seedB, kind, id` (kind REF_*). `sa`, `sb` are the lanes of the part's values, with a
 * placeholder where it refers to an object. A part's hash is `finA(sa + Σ termA(seedA, id))`:
 * the same with renamed ids is the renamed record's hash (symmetry.ts). The finaliser binds a
 * part's references to it: without it, two records could swap references and leave the
 * machine's sum unchanged.
 */
export interface Hash {
  readonly a: number;
  readonly b: number;
}

export interface Info extends Hash {
  readonly parts: readonly number[];
}

export const finA = (x: number): number => fmix(x);
export const finB = (x: number): number => fmix(x ^ 0x2545f491);

const INIT_A = 0x811c9dc5;
const INIT_B = 0x9e3779b9;

/**
 * A record's lanes from what its writer says, in one pass and nothing stored: the same lanes as
 * HashSink's parts summed (`sumParts`), computed as they come. A part's hash is
 * `finA(sa + Σ termA(seedA, id))`; the sum of its reference terms is kept as the part is
 * written (`ra`, `rb`), and a finished part's hash goes straight into the record's (`sa`,
 * `sb`). What the search hashes per transition (no parts kept): no array written, no second
 * pass (docs/performance.md, round five).
 */
class LaneSink implements Sink {
  m!: Machine;
  private a = 0;
  private b = 0;
  /** Reference terms of the part being written. */
  private ra = 0;
  private rb = 0;
  /** Hashes of the finished entries. */
  private sa = 0;
  private sb = 0;
  private savedA = 0;
  private savedB = 0;
  private savedRa = 0;
  private savedRb = 0;
  /** The lanes `finish` computed. */
  outA = 0;
  outB = 0;

  begin(m: Machine): void {
    this.m = m;
    this.a = INIT_A;
    this.b = INIT_B;
    this.ra = this.rb = this.sa = this.sb = 0;
  }

  private tok(t: number): void {
    this.a = Math.imul(this.a ^ t, 0x01000193);
    const b = Math.imul(this.b ^ t, 0x5bd1e995);
    this.b = b ^ (b >>> 15);
  }

  v(x: string | number): void {
    if (typeof x === 'number') {
      if ((x | 0) === x) {
        this.tok(0x4e);
        this.tok(x);
      } else {
        this.tok(0x4c);
        this.tok(x % 0x100000000 | 0);
        this.tok(Math.floor(x / 0x100000000) | 0);
      }
    } else this.str(x, 0);
  }

  /** `x` from character `from` on, as v() hashes the string `x.slice(from)` (without making it). */
  private str(x: string, from: number): void {
    this.tok(0x53);
    for (let i = from; i < x.length; i++) this.tok(x.charCodeAt(i));
    this.tok(0);
  }

  private ref(kind: number, id: number | null): void {
    if (id === null) return void this.tok(0x2d + (kind << 8));
    this.tok(0x52 + (kind << 8));
    this.ra = (this.ra + termA(this.a, id)) | 0;
    this.rb = (this.rb + termB(this.b, id)) | 0;
  }

  dev(id: number | null): void {
    this.ref(REF_DEV, id);
  }
  group(id: number | null): void {
    this.ref(REF_GROUP, id);
  }
  container(id: number | null): void {
    this.ref(REF_CONTAINER, id);
  }

  /** As HashSink.domain. */
  domain(id: number | null): void {
    if (id === null) return void this.tok(0x2d);
    const d = this.m.domains.get(id);
    if (d.container !== null) {
      const c = this.m.containers.get(d.container).name;
      if (d.name.startsWith(c) && d.name.charCodeAt(c.length) === 0x2e) {
        this.str(d.name, c.length);
        return this.container(d.container);
      }
    }
    this.str(d.name, 0);
  }

  entry(): void {
    this.savedA = this.a;
    this.savedB = this.b;
    this.savedRa = this.ra;
    this.savedRb = this.rb;
    this.a = INIT_A;
    this.b = INIT_B;
    this.ra = this.rb = 0;
  }
  end(): void {
    this.sa = (this.sa + finA((this.a + this.ra) | 0)) >>> 0;
    this.sb = (this.sb + finB((this.b + this.rb) | 0)) >>> 0;
    this.a = this.savedA;
    this.b = this.savedB;
    this.ra = this.savedRa;
    this.rb = this.savedRb;
  }

  /** The record's lanes into `outA`, `outB`. */
  finish(): void {
    this.outA = (this.sa + finA((this.a + this.ra) | 0)) >>> 0;
    this.outB = (this.sb + finB((this.b + this.rb) | 0)) >>> 0;
  }
}

/** Hashes what a record writer says (record.ts) with its parts kept (symmetry.ts); one instance, reused. */
class HashSink implements Sink {
  m!: Machine;
  private a = 0;
  private b = 0;
  /** The record's own part (header, then references), the finished entries, the one being written. */
  private main: number[] = [];
  private ents: number[] | null = null;
  private out: number[] = [];
  private at = 0;

  begin(m: Machine): void {
    this.m = m;
    this.out = this.main = [0, 0, 0];
    this.ents = null;
    this.at = 0;
    this.a = INIT_A;
    this.b = INIT_B;
  }

  private tok(t: number): void {
    this.a = Math.imul(this.a ^ t, 0x01000193);
    const b = Math.imul(this.b ^ t, 0x5bd1e995);
    this.b = b ^ (b >>> 15);
  }

  v(x: string | number): void {
    if (typeof x === 'number') {
      if ((x | 0) === x) {
        this.tok(0x4e);
        this.tok(x);
      } else {
        // Beyond 32 bits (addresses): both halves.
        this.tok(0x4c);
        this.tok(x % 0x100000000 | 0);
        this.tok(Math.floor(x / 0x100000000) | 0);
      }
    } else {
      this.tok(0x53);
      for (let i = 0; i < x.length; i++) this.tok(x.charCodeAt(i));
      this.tok(0);
    }
  }

  private ref(kind: number, id: number | null): void {
    if (id === null) return void this.tok(0x2d + (kind << 8));
    this.tok(0x52 + (kind << 8));
    this.out.push(this.a, this.b, kind, id);
    this.out[this.at + 2]++;
  }

  dev(id: number | null): void {
    this.ref(REF_DEV, id);
  }
  group(id: number | null): void {
    this.ref(REF_GROUP, id);
  }
  container(id: number | null): void {
    this.ref(REF_CONTAINER, id);
  }

  /** A container's domain is its container plus `.dN`, so renaming the container renames it. */
  domain(id: number | null): void {
    if (id === null) return void this.tok(0x2d);
    const d = this.m.domains.get(id);
    if (d.container !== null) {
      const c = this.m.containers.get(d.container).name;
      if (d.name.startsWith(c) && d.name.charCodeAt(c.length) === 0x2e) {
        this.v(d.name.slice(c.length));
        return this.container(d.container);
      }
    }
    this.v(d.name);
  }

  private savedA = 0;
  private savedB = 0;

  entry(): void {
    this.savedA = this.a;
    this.savedB = this.b;
    this.out = this.ents ??= [];
    this.at = this.out.length;
    this.out.push(0, 0, 0);
    this.a = INIT_A;
    this.b = INIT_B;
  }
  end(): void {
    this.out[this.at] = this.a;
    this.out[this.at + 1] = this.b;
    this.a = this.savedA;
    this.b = this.savedB;
    this.out = this.main;
    this.at = 0;
  }

  /** The record's lanes and parts. */
  done(): Info {
    this.main[0] = this.a;
    this.main[1] = this.b;
    sumParts(this.main, 0, 0);
    if (this.ents) sumParts(this.ents, sumA, sumB);
    return { a: sumA, b: sumB, parts: this.ents ? this.main.concat(this.ents) : this.main };
  }
}

/** sumParts' result (module variables: it runs per record hashed, a tuple each time was garbage). */
let sumA = 0;
let sumB = 0;

/** Adds the parts' hashes (`Info.parts` layout) to lanes a, b; the sums land in sumA, sumB. */
function sumParts(parts: readonly number[], a: number, b: number): void {
  for (let i = 0; i < parts.length; ) {
    let pa = parts[i];
    let pb = parts[i + 1];
    const end = i + 3 + 4 * parts[i + 2];
    for (i += 3; i < end; i += 4) {
      pa = (pa + termA(parts[i], parts[i + 3])) | 0;
      pb = (pb + termB(parts[i + 1], parts[i + 3])) | 0;
    }
    a = (a + finA(pa)) >>> 0;
    b = (b + finB(pb)) >>> 0;
  }
  sumA = a;
  sumB = b;
}

const sink = new HashSink();

type Kind = 0 | 1 | 2 | 3;
type AnyRec = Device | Group | Domain | Container;

/**
 * Hash per record, and summed per table leaf: both never change, so both cache by identity.
 * The parts (references kept apart) are kept only for searches with symmetry, in their own
 * cache: a search without it would hold them for nothing (a third more memory at depth 6).
 */
const recordHash = new WeakMap<object, Hash>();
const recordInfo = new WeakMap<object, Info>();
const leafHash = new WeakMap<object, [number, number]>();

const lanes = new LaneSink();

function writeWith(w: Sink, kind: Kind, rec: AnyRec): void {
  if (kind === 0) writeDevice(w, rec as Device);
  else if (kind === 1) writeGroup(w, rec as Group);
  else if (kind === 2) writeDomain(w, rec as Domain);
  else writeContainer(w, rec as Container);
}

/** A record's lanes into shareA, shareB, nothing kept. */
function laneInto(m: Machine, kind: Kind, rec: AnyRec): void {
  lanes.begin(m);
  writeWith(lanes, kind, rec);
  lanes.finish();
  shareA = lanes.outA;
  shareB = lanes.outB;
}

/** A record's hash (`m`: a machine holding it, to name the domains it refers to). */
export function hashOf(m: Machine, kind: Kind, rec: AnyRec): Hash {
  let h = recordHash.get(rec);
  if (!h) {
    laneInto(m, kind, rec);
    recordHash.set(rec, (h = { a: shareA, b: shareB }));
  }
  return h;
}

/** A record's hash with its parts. */
export function infoOf(m: Machine, kind: Kind, rec: AnyRec): Info {
  let h = recordInfo.get(rec);
  if (!h) {
    sink.begin(m);
    writeWith(sink, kind, rec);
    recordInfo.set(rec, (h = sink.done()));
  }
  return h;
}

/** The machine-wide part, cached per machine object (with its parts in the second cache). */
const globalHash = new WeakMap<Machine, Hash>();
const globalFull = new WeakMap<Machine, Info>();

function globalHashOf(m: Machine): Hash {
  let h = globalHash.get(m);
  if (!h) {
    lanes.begin(m);
    writeGlobal(lanes, m);
    lanes.finish();
    globalHash.set(m, (h = { a: lanes.outA, b: lanes.outB }));
  }
  return h;
}

export function globalInfo(m: Machine): Info {
  let h = globalFull.get(m);
  if (!h) {
    sink.begin(m);
    writeGlobal(sink, m);
    globalFull.set(m, (h = sink.done()));
  }
  return h;
}

/** The parts of every record of one leaf of a table (freed domains left out), cached by the leaf. */
const leafInfo = new WeakMap<object, readonly Info[]>();

export function leafInfos(m: Machine, kind: Kind, leaf: readonly AnyRec[]): readonly Info[] {
  let h = leafInfo.get(leaf);
  if (!h) {
    const out: Info[] = [];
    for (const rec of leaf) if (kind !== 2 || !(rec as Domain).freed) out.push(infoOf(m, kind, rec));
    leafInfo.set(leaf, (h = out));
  }
  return h;
}

/** The lane sums of one leaf of a table (freed domains add nothing). */
function leafSum(m: Machine, kind: Kind, leaf: readonly AnyRec[]): [number, number] {
  let h = leafHash.get(leaf);
  if (!h) {
    let a = 0;
    let b = 0;
    for (const rec of leaf) {
      if (kind === 2 && (rec as Domain).freed) continue;
      const r = hashOf(m, kind, rec);
      a = (a + r.a) >>> 0;
      b = (b + r.b) >>> 0;
    }
    leafHash.set(leaf, (h = [a, b]));
  }
  return h;
}

/** Two 32-bit lanes; the fingerprint is made of them (`keyOf`). */
export type Lanes = readonly [number, number];

export const TABLES = ['devs', 'groups', 'domains', 'containers'] as const;
const KIND_OF: Readonly<Record<string, Kind>> = { dev: 0, group: 1, domain: 2, container: 3 };

/** A record's share of the sum: its hash, or nothing for a freed domain. */
function share(m: Machine, kind: Kind, rec: AnyRec, full: boolean): Hash | null {
  return kind === 2 && (rec as Domain).freed ? null : full ? infoOf(m, kind, rec) : hashOf(m, kind, rec);
}

/**
 * The hashes of the records the current node's calls replaced, and of its machine-wide part:
 * flat `record or machine, a, b`. The calls tried from one state replace mostly the same few
 * records (its containers, groups, parents), so a short list searched by identity saves hashing
 * them again, with no WeakMap entry (14 of 15 transitions lead to a state seen before, whose
 * records are never read again: an entry for each, an ephemeron the collector must walk, cost
 * more than the hashing it saved; docs/performance.md, round four). The search empties it
 * (`forgetReplaced`) when it moves to the next state.
 */
const replaced: unknown[] = [];
const REPLACED_MAX = 3 * 32;

export function forgetReplaced(): void {
  replaced.length = 0;
}

/** The machine-wide lanes of a machine into shareA, shareB, not cached. */
function globalInto(m: Machine): void {
  const h = globalHash.get(m);
  if (h) {
    shareA = h.a;
    shareB = h.b;
    return;
  }
  lanes.begin(m);
  writeGlobal(lanes, m);
  lanes.finish();
  shareA = lanes.outA;
  shareB = lanes.outB;
}

/** globalInto for the previous machine, through `replaced`. */
function oldGlobalInto(m: Machine): void {
  for (let i = 0; i < replaced.length; i += 3)
    if (replaced[i] === m) {
      shareA = replaced[i + 1] as number;
      shareB = replaced[i + 2] as number;
      return;
    }
  globalInto(m);
  if (replaced.length < REPLACED_MAX) replaced.push(m, shareA, shareB);
}

/** shareInto for a record of the previous machine, through `replaced`. */
function oldShareInto(m: Machine, kind: Kind, rec: AnyRec): boolean {
  if (kind === 2 && (rec as Domain).freed) return false;
  for (let i = 0; i < replaced.length; i += 3)
    if (replaced[i] === rec) {
      shareA = replaced[i + 1] as number;
      shareB = replaced[i + 2] as number;
      return true;
    }
  laneInto(m, kind, rec);
  if (replaced.length < REPLACED_MAX) replaced.push(rec, shareA, shareB);
  return true;
}

/** `share`'s lanes into shareA, shareB (false: it has none), nothing allocated when `uncached`. */
let shareA = 0;
let shareB = 0;
function shareInto(m: Machine, kind: Kind, rec: AnyRec, full: boolean, uncached: boolean): boolean {
  if (kind === 2 && (rec as Domain).freed) return false;
  if (uncached) {
    // Hashed and not cached: a record's hash cost less than a cache entry, and the search keeps
    // a state's machine only until it expands it.
    laneInto(m, kind, rec);
  } else {
    const h = full ? infoOf(m, kind, rec) : hashOf(m, kind, rec);
    shareA = h.a;
    shareB = h.b;
  }
  return true;
}

const record = (m: Machine, kind: Kind, id: number): AnyRec => (m[TABLES[kind]] as { get(id: number): AnyRec }).get(id);

/** The lanes of a machine, from all its records. */
export function lanesOf(m: Machine): Lanes {
  const g = globalHashOf(m);
  let a = g.a;
  let b = g.b;
  for (let kind = 0; kind < 4; kind++)
    for (const leaf of (m[TABLES[kind]] as { chunkList(): readonly (readonly AnyRec[])[] }).chunkList()) {
      const h = leafSum(m, kind as Kind, leaf);
      a = (a + h[0]) >>> 0;
      b = (b + h[1]) >>> 0;
    }
  return [a, b];
}

/** The machine-wide fields are the same object or values in both machines: same hash. */
export function sameGlobal(p: Machine, n: Machine): boolean {
  return p.iommu === n.iommu && p.pasids === n.pasids && p.identity === n.identity && p.next_dom === n.next_dom && p.next_grp === n.next_grp && p.tainted === n.tainted;
}

/**
 * The lanes of `next`, from those of `prev` and what the call changed (`writes`: the flat
 * journal of records it replaced, see the core's writesOf; `created`: what it added): the
 * replaced records' shares come out, their successors' go in. Equal to `lanesOf(next)`.
 * `full`: hash the records with their parts (a search with symmetry reads them next; hashing
 * twice would cost more than keeping them). `uncached` (without `full`): nothing is cached by
 * identity (the search: see `replaced`).
 */
export function lanesAfter(prevLanes: Lanes, prev: Machine, next: Machine, writes: readonly unknown[], created: readonly { kind: string; id: number }[], full = false, uncached = false): Lanes {
  if (full) uncached = false;
  let a = prevLanes[0];
  let b = prevLanes[1];
  if (uncached) {
    if (!sameGlobal(prev, next)) {
      oldGlobalInto(prev);
      a = (a - shareA) >>> 0;
      b = (b - shareB) >>> 0;
      globalInto(next);
      a = (a + shareA) >>> 0;
      b = (b + shareB) >>> 0;
    }
  } else if (!sameGlobal(prev, next)) {
    const g0 = globalHashOf(prev);
    const g1 = globalHashOf(next);
    a = (a - g0.a + g1.a) >>> 0;
    b = (b - g0.b + g1.b) >>> 0;
  } else {
    // The same machine-wide hash: the next machine can reuse it without hashing again.
    const g0 = globalHash.get(prev);
    if (g0) globalHash.set(next, g0);
  }
  for (let i = 0; i < writes.length; i += 3) {
    const kind = writes[i] as Kind;
    const id = writes[i + 1] as number;
    // A record the call created was not in `prev`: it goes in below, with the created ones.
    if (created.length && isCreated(created, kind, id)) continue;
    if (uncached ? oldShareInto(prev, kind, writes[i + 2] as AnyRec) : shareInto(prev, kind, writes[i + 2] as AnyRec, full, false)) {
      a = (a - shareA) >>> 0;
      b = (b - shareB) >>> 0;
    }
    if (shareInto(next, kind, record(next, kind, id), full, uncached)) {
      a = (a + shareA) >>> 0;
      b = (b + shareB) >>> 0;
    }
  }
  for (const r of created) {
    const kind = KIND_OF[r.kind];
    if (shareInto(next, kind, record(next, kind, r.id), full, uncached)) {
      a = (a + shareA) >>> 0;
      b = (b + shareB) >>> 0;
    }
  }
  return [a, b];
}

/**
 * What a call changed, as records' parts: `f(info, -1)` for each record (and machine-wide part)
 * it replaced, `f(info, +1)` for each it wrote or created, freed domains left out — as
 * `lanesAfter` counts them, for sums kept up to date the same way (symmetry.ts's sort scores).
 */
export function eachChange(prev: Machine, next: Machine, writes: readonly unknown[], created: readonly { kind: string; id: number }[], f: (info: Info, sign: 1 | -1) => void): void {
  if (!sameGlobal(prev, next)) {
    f(globalInfo(prev), -1);
    f(globalInfo(next), 1);
  }
  for (let i = 0; i < writes.length; i += 3) {
    const kind = writes[i] as Kind;
    const id = writes[i + 1] as number;
    if (created.length && isCreated(created, kind, id)) continue;
    const old = share(prev, kind, writes[i + 2] as AnyRec, true);
    if (old) f(old as Info, -1);
    const now = share(next, kind, record(next, kind, id), true);
    if (now) f(now as Info, 1);
  }
  for (const r of created) {
    const kind = KIND_OF[r.kind];
    const now = share(next, kind, record(next, kind, r.id), true);
    if (now) f(now as Info, 1);
  }
}

function isCreated(created: readonly { kind: string; id: number }[], kind: Kind, id: number): boolean {
  for (const r of created) if (r.id === id && KIND_OF[r.kind] === kind) return true;
  return false;
}

/** The fingerprint made of two lanes: an integer below 2⁵³. */
export const keyOf = (l: Lanes): number => l[0] * 0x200000 + (l[1] >>> 11);

/** The machine's fingerprint: an integer below 2⁵³. */
export function fingerprint(m: Machine): number {
  return keyOf(lanesOf(m));
}
