/**
 * The domain-ids in use on a VT-d unit, as the driver keeps them: a bitmap
 * (iommu->domain_ids; v5.8 drivers/iommu/intel-iommu.c domain_attach_iommu() takes
 * find_first_zero_bit(), domain_detach_iommu() clear_bit()).
 *
 * Why not a sorted array: every first attach and last detach copied the whole list (~65
 * numbers on the bench machine, 15 % of what a call allocated). A DidSet is immutable like
 * every record; `with`/`without` copy only the 32-bit words, two or three here.
 *
 * It reads like the sorted list it replaces — `join`, iteration, `includes`, `length`, and
 * JSON as the list — so what prints dids (the search's canonical form and fingerprint, tests)
 * is unchanged; a plain sorted array is still accepted wherever a DidList is (`DidSet.from`).
 */
export interface DidList {
  readonly length: number;
  includes(id: number): boolean;
  join(separator?: string): string;
  [Symbol.iterator](): Iterator<number>;
}

export class DidSet implements DidList {
  static readonly EMPTY = new DidSet([], 0);

  private constructor(
    /** Bit i of word w is did 32·w + i; no trailing zero word (so equal sets are equal data). */
    private readonly words: readonly number[],
    readonly length: number,
  ) {}

  /** The set of a list (a DidSet is returned as it is). */
  static from(ids: DidList): DidSet {
    if (ids instanceof DidSet) return ids;
    let s = DidSet.EMPTY;
    for (const id of ids) s = s.with(id);
    return s;
  }

  includes(id: number): boolean {
    const w = id >>> 5;
    return id >= 0 && w < this.words.length && ((this.words[w] >>> (id & 31)) & 1) === 1;
  }

  /** find_first_zero_bit() from `from` on: the lowest id ≥ from not in the set. */
  firstFree(from: number): number {
    const words = this.words;
    let id = from;
    for (let w = id >>> 5; w < words.length; w++, id = w << 5) {
      const word = words[w];
      if (word === -1) continue;
      for (let b = id & 31; b < 32; b++) if (((word >>> b) & 1) === 0) return (w << 5) + b;
    }
    return id;
  }

  /** A set with `id` added (set_bit). */
  with(id: number): DidSet {
    if (this.includes(id)) return this;
    const w = id >>> 5;
    const words = this.words.slice();
    while (words.length <= w) words.push(0);
    words[w] |= 1 << (id & 31);
    return new DidSet(words, this.length + 1);
  }

  /** A set with `id` removed (clear_bit). */
  without(id: number): DidSet {
    if (!this.includes(id)) return this;
    const words = this.words.slice();
    words[id >>> 5] &= ~(1 << (id & 31));
    while (words.length && words[words.length - 1] === 0) words.pop();
    return new DidSet(words, this.length - 1);
  }

  [Symbol.iterator](): Iterator<number> {
    return this.toArray()[Symbol.iterator]();
  }

  /** The ids, ascending. */
  toArray(): number[] {
    const out: number[] = [];
    const words = this.words;
    for (let w = 0; w < words.length; w++) for (let b = 0; b < 32; b++) if ((words[w] >>> b) & 1) out.push((w << 5) + b);
    return out;
  }

  join(separator = ','): string {
    return this.toArray().join(separator);
  }

  /** JSON (exports, snapshots) writes the sorted list, as before. */
  toJSON(): number[] {
    return this.toArray();
  }
}
