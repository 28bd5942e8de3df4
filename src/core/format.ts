/** Printing values the way a kernel reviewer reads them. */
import type { Machine } from './model';
import { nameOf } from './names';
import { errnoName, type RetKind, type Value } from './value';

/**
 * `0`, `-EBUSY`, `0x2234`, `NULL`, `D`, `ERR_PTR(-EBUSY)`, `true`, `void`, `unsupported`, `OOPS`.
 * size_t and phys_addr_t results print in hex (`ret` of the function or the value's own flag).
 */
export function formatValue(m: Machine, v: Value, ret?: RetKind): string {
  switch (v.t) {
    case 'int':
      if (v.hex || ret === 'size' || ret === 'phys') return v.v === 0 ? '0' : `0x${v.v.toString(16)}`;
      return v.v < 0 && !v.plain ? errnoName(v.v) : String(v.v);
    case 'ptr':
      return v.ref === null ? 'NULL' : nameOf(m, v.ref);
    case 'errptr':
      return `ERR_PTR(${errnoName(v.errno)})`;
    case 'bool':
      return v.v ? 'true' : 'false';
    case 'void':
      return 'void';
    case 'unsupported':
      return 'unsupported';
    case 'oops':
      return 'OOPS';
    case 'invalid':
      return `invalid (${v.why})`;
    case 'internal':
      return `internal error in ${v.fn}: ${v.why}`;
  }
}
