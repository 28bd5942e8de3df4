/** The fields a call changed, from the records the Kernel remembered before its first write. */
import type { Machine, Ref } from '../model';
import { nameOf } from '../names';
import type { Change } from '../step';

/** Structural equality of plain data (records, arrays, primitives), without allocating. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (!same(x[k], y[k])) return false;
    n++;
  }
  for (const _ in y) n--;
  return n === 0;
}

function recordOf(m: Machine, ref: Ref): Record<string, unknown> {
  switch (ref.kind) {
    case 'dev':
      return m.devs.get(ref.id) as unknown as Record<string, unknown>;
    case 'group':
      return m.groups.get(ref.id) as unknown as Record<string, unknown>;
    case 'domain':
      return m.domains.get(ref.id) as unknown as Record<string, unknown>;
    case 'container':
      return m.containers.get(ref.id) as unknown as Record<string, unknown>;
  }
}

/** One Change per field that differs; nested `info` fields are reported as `info.<field>`. */
export function collectChanges(before: ReadonlyMap<string, { ref: Ref; rec: unknown }>, after: Machine): Change[] {
  const out: Change[] = [];
  for (const { ref, rec } of before.values()) {
    const a = rec as Record<string, unknown>;
    const b = recordOf(after, ref);
    const name = nameOf(after, ref);
    for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (same(a[field], b[field])) continue;
      const x = a[field];
      const y = b[field];
      if (field === 'info' && x && y && typeof x === 'object' && typeof y === 'object') {
        const xi = x as Record<string, unknown>;
        const yi = y as Record<string, unknown>;
        for (const f of Object.keys(yi)) if (!same(xi[f], yi[f])) out.push({ ref, name, field: `info.${f}`, from: xi[f], to: yi[f] });
        continue;
      }
      out.push({ ref, name, field, from: x, to: y });
    }
  }
  return out;
}
