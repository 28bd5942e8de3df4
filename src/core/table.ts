/**
 * Table<T>: an immutable, dense, id-indexed vector with structural sharing.
 *
 * Why not plain arrays: every step keeps the machine state it produced (history is cheap only
 * if a step copies what it touched). Entries live in chunks of CHUNK; a write copies one chunk
 * and the chunk index, so a 1,024-mdev machine costs ~70 slots per write, not ~3,000.
 *
 * Transient editing (one kernel call): `edit()` gives a new Table that owns a copy of the chunk
 * index; `setOwned`/`pushOwned` write into it in place, copying a chunk only the first time
 * the call touches it, and `seal()` ends the editing. A call that writes the same domain five
 * times thus copies its chunk once, not five times. Nothing a caller has seen is ever written:
 * `edit()` is only called on a table the call has not shown to anyone, and after `seal()` the
 * table is as immutable as any other.
 */
const CHUNK = 32;
const SHIFT = 5;
/** Flattened entries per Table, outside the (freezable) object itself. */
const FLAT = new WeakMap<object, readonly unknown[]>();

export class Table<T> implements Iterable<T> {
  /** While editing: the chunks this edit already copied (undefined once sealed). */
  private owned: Set<number> | undefined;

  private constructor(
    private readonly chunks: readonly (readonly T[])[],
    /** Number of entries; ids are 0 … size-1. */
    readonly size: number,
  ) {}

  static empty<T>(): Table<T> {
    return new Table<T>([], 0);
  }

  static of<T>(items: readonly T[]): Table<T> {
    const chunks: T[][] = [];
    for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
    return new Table<T>(chunks, items.length);
  }

  get(id: number): T {
    if (!(id >= 0 && id < this.size) || (id | 0) !== id) {
      throw new RangeError(`Table.get: no entry ${id} (size ${this.size})`);
    }
    return this.chunks[id >> SHIFT][id & (CHUNK - 1)];
  }

  has(id: number): boolean {
    return id >= 0 && id < this.size && (id | 0) === id;
  }

  set(id: number, value: T): Table<T> {
    if (!this.has(id)) throw new RangeError(`Table.set: no entry ${id}`);
    const c = id >> SHIFT;
    const chunk = this.chunks[c].slice();
    chunk[id & (CHUNK - 1)] = value;
    const chunks = this.chunks.slice();
    chunks[c] = chunk;
    return new Table<T>(chunks, this.size);
  }

  /** Appends; the new entry's id is the old size. */
  push(value: T): Table<T> {
    const c = this.size >> SHIFT;
    const chunks = this.chunks.slice();
    chunks[c] = c < this.chunks.length ? [...this.chunks[c], value] : [value];
    return new Table<T>(chunks, this.size + 1);
  }

  /** A new table with this one's entries, open for in-place writes until `seal()`. */
  edit(): Table<T> {
    const t = new Table<T>(this.chunks.slice(), this.size);
    t.owned = new Set();
    return t;
  }

  private chunkToWrite(c: number): T[] {
    if (!this.owned) throw new Error('Table: in-place write on a sealed table');
    const chunks = this.chunks as T[][];
    if (!this.owned.has(c)) {
      chunks[c] = c < chunks.length ? chunks[c].slice() : [];
      this.owned.add(c);
    }
    FLAT.delete(this);
    return chunks[c];
  }

  /** In-place write on an edited table. */
  setOwned(id: number, value: T): void {
    if (!this.has(id)) throw new RangeError(`Table.set: no entry ${id}`);
    this.chunkToWrite(id >> SHIFT)[id & (CHUNK - 1)] = value;
  }

  /** In-place append on an edited table; returns the new entry's id. */
  pushOwned(value: T): number {
    const id = this.size;
    this.chunkToWrite(id >> SHIFT).push(value);
    (this as { size: number }).size = id + 1;
    return id;
  }

  /** Ends in-place editing: from here on the table never changes. */
  seal(): void {
    this.owned = undefined;
  }

  /**
   * The chunks themselves, in id order. A chunk is shared, unchanged, by every later table that
   * did not write into it: a reader may cache what it computed from one by its identity
   * (the invariant checker does).
   */
  chunkList(): readonly (readonly T[])[] {
    return this.chunks;
  }

  [Symbol.iterator](): Iterator<T> {
    return this.toArray()[Symbol.iterator]();
  }

  /** All entries in id order. Cached: a Table never changes, so one flattening serves every reader. */
  toArray(): readonly T[] {
    let flat = FLAT.get(this) as T[] | undefined;
    if (!flat) FLAT.set(this, (flat = ([] as T[]).concat(...this.chunks)));
    return flat;
  }

  find(pred: (v: T) => boolean): T | undefined {
    return this.toArray().find(pred);
  }
}
