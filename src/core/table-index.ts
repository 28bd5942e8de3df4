/**
 * Indexes kept beside a Table: which ids hold a key (names), and the lowest free integer of an
 * IDA (group ids). Why: a name lookup or a group allocation scanned the whole table, once per
 * declaration, so 20k `pci` lines cost O(n²) (74 s, then the heap ran out).
 *
 * An index follows one table at a time. Asked about another, it moves there by the entries
 * that differ (Table.diffIds skips what the two share): along a run that is one step's writes.
 * A table still being edited by a kernel call changes in place, so the index visits it and
 * comes back to the last sealed table it followed. The answer never depends on where the
 * index was before: it is always that of the table asked about.
 */
import { Table } from './table';

abstract class Follower<T> {
  private at: Table<T> = Table.empty<T>();

  /** Account entry `v` of id `id` in (`sign` 1) or out (-1). */
  protected abstract apply(id: number, v: T, sign: 1 | -1): void;

  private move(from: Table<T>, to: Table<T>, ids: readonly number[]): void {
    for (const id of ids) if (from.has(id)) this.apply(id, from.get(id), -1);
    for (const id of ids) if (to.has(id)) this.apply(id, to.get(id), 1);
  }

  /** Runs `read` with the index following `t`. */
  protected on<R>(t: Table<T>, read: () => R): R {
    if (t === this.at) return read();
    const ids = Table.diffIds(this.at, t);
    const from = this.at;
    this.move(from, t, ids);
    if (!t.isOpen()) {
      this.at = t;
      return read();
    }
    try {
      return read();
    } finally {
      this.move(t, from, ids);
    }
  }
}

/** id lists per key (ascending), for entries whose `keyOf` is not null. */
export class KeyIndex<T> extends Follower<T> {
  private readonly ids = new Map<string, number[]>();

  constructor(private readonly keyOf: (v: T) => string | null) {
    super();
  }

  protected apply(id: number, v: T, sign: 1 | -1): void {
    const key = this.keyOf(v);
    if (key === null) return;
    let list = this.ids.get(key);
    if (!list) this.ids.set(key, (list = []));
    // Lists stay sorted; an append (the common case) is found at the end.
    let i = list.length;
    while (i > 0 && list[i - 1] > id) i--;
    if (sign === 1) {
      if (list[i - 1] !== id) list.splice(i, 0, id);
    } else if (list[i - 1] === id) {
      list.splice(i - 1, 1);
      if (!list.length) this.ids.delete(key);
    }
  }

  /** The ids of `t` whose key is `key`, ascending; `pick` chooses among them while they are valid. */
  find<R>(t: Table<T>, key: string, pick: (ids: readonly number[]) => R): R {
    return this.on(t, () => pick(this.ids.get(key) ?? []));
  }
}

/**
 * The lowest integer no entry uses (an IDA): `used` counts per integer, `gaps` a min-heap of
 * integers that fell unused below `frontier` (checked again when taken: lazily), and every
 * integer below `frontier` is used or in `gaps`.
 */
export class IdaIndex<T> extends Follower<T> {
  private readonly used = new Map<number, number>();
  private readonly gaps: number[] = [];
  private frontier = 0;

  constructor(private readonly idOf: (v: T) => number | null) {
    super();
  }

  protected apply(_id: number, v: T, sign: 1 | -1): void {
    const n = this.idOf(v);
    if (n === null) return;
    const c = (this.used.get(n) ?? 0) + sign;
    if (c > 0) this.used.set(n, c);
    else {
      this.used.delete(n);
      if (n < this.frontier) heapPush(this.gaps, n);
    }
  }

  lowestFree(t: Table<T>): number {
    return this.on(t, () => {
      while (this.gaps.length && this.used.has(this.gaps[0])) heapPop(this.gaps);
      while (this.used.has(this.frontier)) this.frontier++;
      return this.gaps.length ? Math.min(this.gaps[0], this.frontier) : this.frontier;
    });
  }
}

function heapPush(h: number[], x: number): void {
  let i = h.push(x) - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (h[p] <= h[i]) break;
    [h[p], h[i]] = [h[i], h[p]];
    i = p;
  }
}

function heapPop(h: number[]): void {
  const last = h.pop()!;
  if (!h.length) return;
  h[0] = last;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && h[l] < h[m]) m = l;
    if (r < h.length && h[r] < h[m]) m = r;
    if (m === i) return;
    [h[m], h[i]] = [h[i], h[m]];
    i = m;
  }
}
