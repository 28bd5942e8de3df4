/**
 * Calling a kernel function by name from inside the emulated kernel (vfio calling
 * iommu_aux_attach_device, say). It goes through the design's own function table, so a nested
 * call behaves exactly as the same call made from a scenario line, and shows in the trace.
 */
import type { Ref } from '../model';
import type { Arg } from '../step';
import { UNSUPPORTED, type Value } from '../value';
import type { Kernel } from './kernel';

export type InvokeArg = Ref | number | null | { bus: 'pci' | 'mdev' };

function toArg(a: InvokeArg): Arg {
  if (a === null) return { t: 'null' };
  if (typeof a === 'number') return { t: 'int', v: a };
  if ('bus' in a) return { t: 'bus', bus: a.bus };
  return { t: 'ref', ref: a };
}

export function invoke(k: Kernel, fn: string, args: readonly InvokeArg[]): Value {
  const impl = k.design.functions[fn];
  // A quiet call keeps no tree: nothing to format.
  if (k.quiet) return impl ? impl(k, args.map(toArg)) : UNSUPPORTED;
  const shown = args.map((a) => (a !== null && typeof a === 'object' && 'bus' in a ? `&${a.bus}_bus_type` : a));
  return k.call(fn, shown as (Ref | number | null)[], () => (impl ? impl(k, args.map(toArg)) : UNSUPPORTED));
}
