/**
 * Choosing the expectation that applies to a design, and comparing what a call returned with
 * what the scenario expected. Pure: names are resolved by the caller (resolve.ts).
 */
import { baseOf, type DesignId, type Ref, type Value } from '../core';
import type { Alternative, ExpectValue } from './ast';

/**
 * The alternative for `design`: the one that names it, else (for a variant such as
 * `driver-map+present-check=off`) the one that names its design, else the one without `@`,
 * else null (the line then checks nothing under this design). A variant is held to its
 * design's expectations unless the line says otherwise: where it fails, the choice matters.
 */
export function pickAlternative(
  alts: readonly Alternative[] | null,
  design: DesignId,
): Alternative | null {
  if (!alts) return null;
  const base = baseOf(design);
  return (
    alts.find((a) => a.designs?.includes(design)) ??
    (base !== design ? alts.find((a) => a.designs?.includes(base as DesignId)) : undefined) ??
    alts.find((a) => a.designs === null) ??
    null
  );
}

/** The Value a literal expectation stands for; null for a name, which needs the machine. */
export function literalValue(v: ExpectValue): Value | null {
  switch (v.kind) {
    case 'int':
      return { t: 'int', v: v.value };
    case 'errptr':
      return { t: 'errptr', errno: v.errno };
    case 'null':
      return { t: 'ptr', ref: null };
    case 'bool':
      return { t: 'bool', v: v.value };
    case 'void':
      return { t: 'void' };
    case 'unsupported':
      return { t: 'unsupported' };
    case 'oops':
      return { t: 'oops', why: '' };
    case 'name':
    case 'dma':
      return null;
  }
}

const sameRef = (a: Ref | null, b: Ref | null): boolean =>
  a === null || b === null ? a === b : a.kind === b.kind && a.id === b.id;

/**
 * Does `got` satisfy `want`? Integers compare by value (`-EINVAL` is `-22`, `0x10` is `16`);
 * an integer errno also accepts the same errno returned as `ERR_PTR` (a scenario may write
 * `-EBUSY` for a pointer-returning call), but not the other way round. Pointers compare by
 * object, so a name matches the object it names and `NULL` only a null pointer.
 */
export function valueMatches(want: Value, got: Value): boolean {
  switch (want.t) {
    case 'int':
      return (
        (got.t === 'int' && got.v === want.v) ||
        (got.t === 'errptr' && want.v < 0 && got.errno === want.v)
      );
    case 'errptr':
      return got.t === 'errptr' && got.errno === want.errno;
    case 'ptr':
      return got.t === 'ptr' && sameRef(want.ref, got.ref);
    case 'bool':
      return got.t === 'bool' && got.v === want.v;
    case 'void':
    case 'unsupported':
    case 'oops':
      return got.t === want.t;
    case 'internal':
    case 'invalid':
      // A name bound to a call that could not be made stands for nothing: nothing matches it.
      return false;
  }
}
