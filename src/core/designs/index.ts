/**
 * The design registry: the one list of designs. Adding a design is one module implementing
 * `Design<'its-id'>` and one entry here; the id union, the picker, the parser's `design:` check,
 * the comparison and the search all derive from this list. Variants (`driver-map+present-check=off`)
 * are resolved against it (variants.ts); nothing else keeps a list of designs.
 */
import type { Design } from '../design';
import { domainFlag } from './domain-flag';
import { driverMap } from './driver-map';
import { pasid6x } from './pasid-6x';
import { upstream58 } from './upstream-5-8';
import { v3GroupFlag } from './v3-group-flag';
import { variantResolver, type Resolved } from './variants';

export const DESIGNS = [upstream58, v3GroupFlag, domainFlag, driverMap, pasid6x] as const;

/** The id of a registered design: `upstream-5.8`, `v3-group-flag`, … */
export type BaseDesignId = (typeof DESIGNS)[number]['id'];

/** A registered design or a variant of one: `driver-map`, `driver-map+present-check=off`. */
export type DesignId = BaseDesignId | `${BaseDesignId}+${string}`;

/**
 * The registry's functions over a list. Production uses the one list above; a test that
 * needs a design of its own mocks this module with `makeRegistry([...DESIGNS, itsDesign])`
 * (test/core/sixth-design.test.ts), so the production list stays a constant.
 */
export function makeRegistry(list: readonly Design[]) {
  const resolve = variantResolver(list);
  return {
    DESIGNS: list as typeof DESIGNS,
    DESIGN_IDS: list.map((d) => d.id) as readonly DesignId[],
    /** The design (or configured variant, whose `id` is the canonical variant id), or undefined. */
    getDesign: (id: string): Design<DesignId> | undefined => {
      const r = resolve(id);
      return r.ok ? (r.design as Design<DesignId>) : undefined;
    },
    /** `id` → the configured design and its canonical id, or an error naming what is wrong. */
    resolveDesign: (id: string): Resolved<Design<DesignId>> => resolve(id) as Resolved<Design<DesignId>>,
  };
}

const REGISTRY = makeRegistry(DESIGNS);

/** The design shown when nothing names one (a new page, a scenario without a header): the registry's first. */
export const DEFAULT_DESIGN: BaseDesignId = DESIGNS[0].id;
/** The two designs the compare view starts with: the registry's first two. */
export const DEFAULT_COMPARISON: readonly [BaseDesignId, BaseDesignId] = [DESIGNS[0].id, DESIGNS[1].id];

/** The registered designs' ids (no variants), in registry order. */
export const DESIGN_IDS: readonly DesignId[] = REGISTRY.DESIGN_IDS;
export const getDesign = REGISTRY.getDesign;
export const resolveDesign = REGISTRY.resolveDesign;

/** The canonical id of a design or variant name (from a URL, a file, a saved state), or null. */
export function canonicalDesign(name: string | null | undefined): DesignId | null {
  if (!name) return null;
  const r = resolveDesign(name);
  return r.ok ? (r.id as DesignId) : null;
}
