/**
 * Table<T>: an immutable, dense, id-indexed vector with structural sharing.
 *
 * Why not plain arrays: every step keeps the machine state it produced (history is cheap only
 * if a step copies what it touched). Entries live in chunks of CHUNK; `set` copies one chunk
 * and the chunk index, so a 1,024-mdev machine costs ~70 slots per write, not ~3,000.
 */
const CHUNK = 32;
/** Flattened entries per Table, outside the (freezable) object itself. */
const FLAT = new WeakMap<object, readonly unknown[]>();

export class Table<T> implements Iterable<T> {
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
    if (id < 0 || id >= this.size || !Number.isInteger(id)) {
      throw new RangeError(`Table.get: no entry ${id} (size ${this.size})`);
    }
    return this.chunks[(id / CHUNK) | 0][id % CHUNK];
  }

  has(id: number): boolean {
    return Number.isInteger(id) && id >= 0 && id < this.size;
  }

  set(id: number, value: T): Table<T> {
    if (!this.has(id)) throw new RangeError(`Table.set: no entry ${id}`);
    const c = (id / CHUNK) | 0;
    const chunk = this.chunks[c].slice();
    chunk[id % CHUNK] = value;
    const chunks = this.chunks.slice();
    chunks[c] = chunk;
    return new Table<T>(chunks, this.size);
  }

  /** Appends; the new entry's id is the old size. */
  push(value: T): Table<T> {
    const c = (this.size / CHUNK) | 0;
    const chunks = this.chunks.slice();
    chunks[c] = c < this.chunks.length ? [...this.chunks[c], value] : [value];
    return new Table<T>(chunks, this.size + 1);
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
