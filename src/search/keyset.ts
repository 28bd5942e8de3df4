/**
 * The visited set, packed (issue 23): each key's fingerprints as 32-bit lanes in one Uint32Array,
 * open addressing with linear probing. A `Set<number>` of 53-bit fingerprints holds a heap number
 * (16 B) and a hash-table entry (≈ 24 B, half the table empty after a doubling) per key, and a
 * `Set<string>` of two designs' `"a,b"` keys a string of ≈ 40 B more; here a key is 8 B per
 * fingerprint at a load factor ≤ 1/2: 16–32 B per key at the fullest, and its size is known
 * exactly (`bytes`), which the search's memory estimate (memory.ts) counts.
 *
 * A key is what the search calls a Key (space.ts): one fingerprint (an integer below 2⁵³), or the
 * designs' fingerprints joined by commas. The set answers exactly as a Set of those keys would.
 */
import type { Key } from './space';

const TWO32 = 0x100000000;
const MIN_SLOTS = 1024;

export class KeySet {
  /** Fingerprints per key. */
  private readonly per: number;
  /** Lanes per slot: low 32 bits, then the high bits + 1 (0 marks an empty slot), per fingerprint. */
  private readonly w: number;
  private table: Uint32Array;
  private mask: number;
  private n = 0;
  /** The key being looked up, as lanes (no allocation per lookup). */
  private readonly probe: Uint32Array;

  /** `per`: fingerprints per key (the number of designs). */
  constructor(per: number, first?: Key) {
    this.per = per;
    this.w = 2 * per;
    this.table = new Uint32Array(MIN_SLOTS * this.w);
    this.mask = MIN_SLOTS - 1;
    this.probe = new Uint32Array(this.w);
    if (first !== undefined) this.add(first);
  }

  get size(): number {
    return this.n;
  }

  /** Bytes the set holds (its table; what a Set would hold is larger and not known). */
  get bytes(): number {
    return this.table.byteLength;
  }

  has(key: Key): boolean {
    this.load(key);
    return this.find(this.table, this.mask) >= 0;
  }

  /** Adds the key; false if it was there. */
  add(key: Key): boolean {
    this.load(key);
    if (this.find(this.table, this.mask) >= 0) return false;
    // Grow at a load of one half: probes stay short.
    if ((this.n + 1) * 2 > this.mask + 1) this.grow();
    this.put(this.table, this.mask, this.probe);
    this.n++;
    return true;
  }

  /** `probe` ← the key's lanes. */
  private load(key: Key): void {
    if (typeof key === 'number') return void this.lanes(key, 0);
    // "a,b": digits parsed in place (an integer below 2⁵³ is exact all the way).
    let j = 0;
    let x = 0;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c === 44) {
        this.lanes(x, j++);
        x = 0;
      } else x = x * 10 + (c - 48);
    }
    this.lanes(x, j++);
    if (j !== this.per) throw new Error(`key '${key}' has ${j} fingerprints, the set ${this.per}`);
  }

  private lanes(x: number, j: number): void {
    this.probe[2 * j] = x >>> 0;
    this.probe[2 * j + 1] = Math.floor(x / TWO32) + 1;
  }

  /** The fingerprints are hashes already: mix the lanes of the first only to spread the low bits. */
  private slotOf(p: Uint32Array, mask: number): number {
    return (Math.imul(p[0] ^ Math.imul(p[1], 0x9e3779b1), 0x85ebca6b) >>> 15) & mask;
  }

  /** The slot holding `probe`, or -1. */
  private find(t: Uint32Array, mask: number): number {
    const p = this.probe;
    const w = this.w;
    for (let s = this.slotOf(p, mask); ; s = (s + 1) & mask) {
      const at = s * w;
      if (t[at + 1] === 0) return -1;
      let same = true;
      for (let k = 0; k < w; k++)
        if (t[at + k] !== p[k]) {
          same = false;
          break;
        }
      if (same) return s;
    }
  }

  private put(t: Uint32Array, mask: number, p: Uint32Array): void {
    const w = this.w;
    let s = this.slotOf(p, mask);
    while (t[s * w + 1] !== 0) s = (s + 1) & mask;
    t.set(p, s * w);
  }

  private grow(): void {
    const old = this.table;
    const w = this.w;
    const slots = (this.mask + 1) * 2;
    const t = new Uint32Array(slots * w);
    const mask = slots - 1;
    for (let at = 0; at < old.length; at += w) if (old[at + 1] !== 0) this.put(t, mask, old.subarray(at, at + w));
    this.table = t;
    this.mask = mask;
  }
}
