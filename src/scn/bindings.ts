/**
 * A run's bindings (`D = iommu_domain_alloc(pci)`): every entry of a run keeps the table as it
 * was after its statement, so the table is persistent. Copying a Map per binding made a run of
 * n bindings keep n tables of up to n names (quadratic in time and memory); here every version
 * of one run shares one store of per-name histories, and a version is a number.
 *
 * The store: for each name, the versions it was bound at and the values, in order. Version v of
 * the table holds, per name, the value of its last binding at or before v. Binding on the newest
 * version appends (O(1)); binding on an older one (a run continued from an earlier entry, see
 * scn/runner.ts `restore`) first copies that version's names into a new store, once, then goes
 * on appending there. Lookups are a binary search in one name's history.
 */
import type { Value } from '../core';

interface History {
  readonly vers: number[];
  readonly vals: Value[];
}

class Store {
  readonly names = new Map<string, History>();
  /** Names in the order they were first bound (a Map's iteration order). */
  readonly order: string[] = [];
  head = 0;
}

export class Bindings implements ReadonlyMap<string, Value> {
  static readonly EMPTY = new Bindings(new Store(), 0, 0, null, '', { t: 'void' });

  private constructor(
    private readonly store: Store,
    private readonly version: number,
    readonly size: number,
    /** The table this one was made from by one binding (null for an empty table). */
    readonly parent: Bindings | null,
    /** The name that binding bound, and its value. */
    readonly name: string,
    readonly value: Value,
  ) {}

  /** A table built from name/value pairs, in order. */
  static of(pairs: Iterable<readonly [string, Value]>): Bindings {
    let b = Bindings.EMPTY;
    for (const [k, v] of pairs) b = b.with(k, v);
    return b;
  }

  /** This table with `name` bound to `value` (this table is unchanged). */
  with(name: string, value: Value): Bindings {
    let store = this.store;
    if (this.version !== store.head || store === Bindings.EMPTY.store) {
      // An older version (or the shared empty table): continue in a store of our own.
      const fresh = new Store();
      for (const [k, v] of this) {
        fresh.names.set(k, { vers: [0], vals: [v] });
        fresh.order.push(k);
      }
      store = fresh;
    }
    const v = ++store.head;
    let h = store.names.get(name);
    if (!h) {
      h = { vers: [], vals: [] };
      store.names.set(name, h);
      store.order.push(name);
    }
    const grows = !this.has(name);
    h.vers.push(v);
    h.vals.push(value);
    return new Bindings(store, v, this.size + (grows ? 1 : 0), this, name, value);
  }

  get(name: string): Value | undefined {
    const h = this.store.names.get(name);
    if (!h) return undefined;
    // The last binding at or before this version.
    let lo = 0;
    let hi = h.vers.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (h.vers[mid] <= this.version) lo = mid + 1;
      else hi = mid;
    }
    return lo ? h.vals[lo - 1] : undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  *entries(): MapIterator<[string, Value]> {
    if (!this.size) return;
    for (const k of this.store.order) {
      const v = this.get(k);
      if (v !== undefined) yield [k, v];
    }
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<Value> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, Value]> {
    return this.entries();
  }

  forEach(fn: (value: Value, key: string, map: ReadonlyMap<string, Value>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}
