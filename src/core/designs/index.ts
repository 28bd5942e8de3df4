/**
 * The design registry: the one list of designs. Adding a design is one module implementing
 * `Design<'its-id'>` and one entry here; the id union, the picker, the parser's `design:` check,
 * the comparison and the search all derive from this list.
 */
import type { Design } from '../design';
import { domainFlag } from './domain-flag';
import { driverMap } from './driver-map';
import { pasid6x } from './pasid-6x';
import { upstream58 } from './upstream-5-8';
import { v3GroupFlag } from './v3-group-flag';

export const DESIGNS = [upstream58, v3GroupFlag, domainFlag, driverMap, pasid6x] as const;

/** The id of a registered design: `upstream-5.8`, `v3-group-flag`, … */
export type DesignId = (typeof DESIGNS)[number]['id'];

export const DESIGN_IDS: readonly DesignId[] = DESIGNS.map((d) => d.id);

/** The design with this id, or undefined. */
export function getDesign(id: string): Design<DesignId> | undefined {
  return DESIGNS.find((d) => d.id === id);
}
