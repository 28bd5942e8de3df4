/**
 * Table<T>: an immutable, dense, id-indexed vector with structural sharing.
 *
 * Why not plain arrays: every step keeps the machine state it produced (history is cheap only
 * if a step copies what it touched). Entries live in a tree of nodes of WIDTH slots (a
 * persistent vector, as Clojure's): a write copies the nodes on one root-to-leaf path, so on
 * the 1,024-mdev machine it costs three nodes of 16 slots (~430 bytes), not the ~3,000-slot
 * array nor a chunk index that grows with the table (docs/performance.md has the figures).
 *
 * Transient editing (one kernel call): `edit()` gives a new Table that owns a copy of the root;
 * `setOwned`/`pushOwned` write into it in place, copying a node only the first time the call
 * touches it, and `seal()` ends the editing. A call that writes the same domain five times thus
 * copies its path once, not five times. Nothing a caller has seen is ever written: `edit()` is
 * only called on a table the call has not shown to anyone, and after `seal()` the table is as
 * immutable as any other.
 */
const SHIFT = 4;
const WIDTH = 1 << SHIFT;
const MASK = WIDTH - 1;
/** Flattened entries and leaf lists per Table, outside the (freezable) object itself. */
const FLAT = new WeakMap<object, readonly unknown[]>();
const LEAVES = new WeakMap<object, readonly (readonly unknown[])[]>();

type Node = unknown[];

/** A leaf carrying readers' memos (`Table.rememberLeaf`). */
type MemoLeaf = { tableMemo?: unknown[] };
let slots = 0;

/** A slot of its own for one reader's per-leaf memo (`Table.rememberLeaf`, `leafMemo`). */
export function newLeafSlot(): number {
  return slots++;
}

/** What `rememberLeaf` kept for this leaf in `slot`, if anything. */
export function leafMemo(leaf: readonly unknown[], slot: number): unknown {
  return (leaf as MemoLeaf).tableMemo?.[slot];
}

export class Table<T> implements Iterable<T> {
  /** While editing: the nodes this edit already copied (undefined once sealed). */
  private owned: Node[] | undefined;
  /** The same as a Set once there are many (a call that writes many records of one table). */
  private ownedSet: Set<Node> | undefined;
  /** While editing: the leaf last written and its id >> SHIFT (-1: none). */
  private lastKey = -1;
  private lastLeaf: Node | undefined;

  private constructor(
    private readonly root: readonly unknown[],
    /** Number of entries; ids are 0 … size-1. */
    readonly size: number,
    /** Bits of id above the leaf level: 0 for a one-leaf table, SHIFT per level more. */
    private readonly shift: number,
  ) {}

  static empty<T>(): Table<T> {
    return new Table<T>([], 0, 0);
  }

  static of<T>(items: readonly T[]): Table<T> {
    const t = Table.empty<T>().edit();
    for (const x of items) t.pushOwned(x);
    t.seal();
    return t;
  }

  get(id: number): T {
    if (!(id >= 0 && id < this.size) || (id | 0) !== id) {
      throw new RangeError(`Table.get: no entry ${id} (size ${this.size})`);
    }
    let node = this.root;
    for (let s = this.shift; s > 0; s -= SHIFT) node = node[(id >> s) & MASK] as Node;
    return node[id & MASK] as T;
  }

  has(id: number): boolean {
    return id >= 0 && id < this.size && (id | 0) === id;
  }

  set(id: number, value: T): Table<T> {
    const t = this.edit();
    t.setOwned(id, value);
    t.seal();
    return t;
  }

  /** Appends; the new entry's id is the old size. */
  push(value: T): Table<T> {
    const t = this.edit();
    t.pushOwned(value);
    t.seal();
    return t;
  }

  /** A new table with this one's entries, open for in-place writes until `seal()`. */
  edit(): Table<T> {
    const root = this.root.slice();
    const t = new Table<T>(root, this.size, this.shift);
    t.owned = [root];
    return t;
  }

  /**
   * The leaf holding `id`, every node on its path owned by this edit (created if missing).
   * A call touches a handful of nodes, so `owned` is a short array (a linear scan beats a Set
   * here), and the leaf written last is remembered: a call mostly writes one record many times.
   */
  private leafToWrite(id: number): Node {
    const key = id >> SHIFT;
    if (key === this.lastKey) return this.lastLeaf!;
    const owned = this.owned;
    if (!owned) throw new Error('Table: in-place write on a sealed table');
    let node = this.root as Node;
    for (let s = this.shift; s > 0; s -= SHIFT) {
      const i = (id >> s) & MASK;
      let child = node[i] as Node | undefined;
      if (!child) {
        node[i] = child = [];
        this.own(child);
      } else if (!(this.ownedSet ? this.ownedSet.has(child) : owned.includes(child))) {
        node[i] = child = child.slice();
        this.own(child);
      }
      node = child;
    }
    this.lastKey = key;
    this.lastLeaf = node;
    return node;
  }

  private own(node: Node): void {
    if (this.ownedSet) this.ownedSet.add(node);
    else if (this.owned!.push(node) > 16) this.ownedSet = new Set(this.owned);
  }

  /** Is the table being edited (written in place by whoever opened it)? */
  isOpen(): boolean {
    return this.owned !== undefined;
  }

  /** In-place write on an edited table. */
  setOwned(id: number, value: T): void {
    if (!this.has(id)) throw new RangeError(`Table.set: no entry ${id}`);
    this.leafToWrite(id)[id & MASK] = value;
  }

  /** In-place append on an edited table; returns the new entry's id. */
  pushOwned(value: T): number {
    const id = this.size;
    if (!this.owned) throw new Error('Table: in-place write on a sealed table');
    if (id > 0 && id === WIDTH << this.shift) {
      // Full: one level more, the old root its first child.
      const root: Node = [this.root];
      this.own(root);
      (this as unknown as { root: Node }).root = root;
      (this as unknown as { shift: number }).shift += SHIFT;
    }
    this.leafToWrite(id)[id & MASK] = value;
    (this as { size: number }).size = id + 1;
    return id;
  }

  /** Ends in-place editing: from here on the table never changes. */
  seal(): void {
    this.owned = undefined;
    this.ownedSet = undefined;
    this.lastKey = -1;
    this.lastLeaf = undefined;
  }

  /**
   * The leaves themselves, in id order. A leaf is shared, unchanged, by every later table that
   * did not write into it: a reader may cache what it computed from one by its identity (the
   * invariant checker does).
   */
  chunkList(): readonly (readonly T[])[] {
    let leaves = LEAVES.get(this) as (readonly T[])[] | undefined;
    if (!leaves) {
      leaves = [];
      const walk = (node: readonly unknown[], s: number) => {
        if (s === 0) leaves!.push(node as readonly T[]);
        else for (const c of node) walk(c as readonly unknown[], s - SHIFT);
      };
      if (this.size) walk(this.root, this.shift);
      // While a call edits the table its leaves still change: nothing is cached until it is sealed.
      if (!this.owned) LEAVES.set(this, leaves);
    }
    return leaves;
  }

  /** How many leaves the table has: leaf i holds ids i·16 … i·16+15. */
  leafCount(): number {
    return (this.size + MASK) >> SHIFT;
  }

  /**
   * Leaf i, found by a walk from the root: no list, no closure, no cache entry (a reader that
   * visits every leaf of a new table once — the invariant checker — pays nothing per table).
   */
  leaf(i: number): readonly T[] {
    let node = this.root;
    const id = i << SHIFT;
    for (let s = this.shift; s > 0; s -= SHIFT) node = node[(id >> s) & MASK] as Node;
    return node as readonly T[];
  }

  /**
   * What a reader computed from leaf `leaf` of this table, kept on the leaf itself in its
   * `slot` (`newLeafSlot`), if this table is sealed: a sealed table's leaves never change (an
   * edit copies a leaf before writing it, and a copy carries no memo), so the memo cannot go
   * stale, and it dies with the leaf. Not kept while the table is open (its own leaves still
   * change). One property name for every memo: all memo-carrying leaves share one hidden class.
   */
  rememberLeaf(leaf: readonly T[], slot: number, value: unknown): void {
    // A frozen leaf (a test's deepFreeze) keeps nothing: the reader computes again.
    if (this.owned || !Object.isExtensible(leaf)) return;
    const l = leaf as MemoLeaf;
    // Not enumerable: whoever lists the leaf's keys or values sees its entries only.
    if (!l.tableMemo) Object.defineProperty(l, 'tableMemo', { value: [], writable: true });
    l.tableMemo![slot] = value;
  }

  /**
   * The ids whose entries differ between `a` and `b` (by identity), ascending: subtrees the two
   * share are skipped, so two versions a few writes apart cost a few root-to-leaf paths, not
   * their size. What an index kept beside a table (src/core/table-index.ts) needs to follow it.
   */
  static diffIds<T>(a: Table<T>, b: Table<T>): number[] {
    const out: number[] = [];
    const shift = Math.max(a.shift, b.shift);
    // A shorter tree is the first child of a taller one (pushOwned grows a table that way).
    const lift = (t: Table<T>): unknown[] => {
      let r = t.root as unknown[];
      for (let s = t.shift; s < shift; s += SHIFT) r = [r];
      return r;
    };
    const limit = Math.max(a.size, b.size);
    const walk = (x: unknown[] | undefined, y: unknown[] | undefined, s: number, base: number): void => {
      if (x === y || base >= limit) return;
      if (s === 0) {
        for (let j = 0; j < WIDTH; j++) if (x?.[j] !== y?.[j] && base + j < limit) out.push(base + j);
        return;
      }
      for (let i = 0; i < WIDTH; i++) walk(x?.[i] as unknown[] | undefined, y?.[i] as unknown[] | undefined, s - SHIFT, base + i * (1 << s));
    };
    walk(a.size ? lift(a) : undefined, b.size ? lift(b) : undefined, shift, 0);
    return out;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.toArray()[Symbol.iterator]();
  }

  /** All entries in id order. Cached: a Table never changes, so one flattening serves every reader. */
  toArray(): readonly T[] {
    let flat = FLAT.get(this) as T[] | undefined;
    if (!flat) {
      flat = ([] as T[]).concat(...this.chunkList());
      if (!this.owned) FLAT.set(this, flat);
    }
    return flat;
  }

  find(pred: (v: T) => boolean): T | undefined {
    return this.toArray().find(pred);
  }
}
