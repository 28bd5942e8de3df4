/**
 * The design registry. Adding a design: one module implementing `Design`, one line here.
 */
import type { Design, DesignId } from '../design';
import { domainFlag } from './domain-flag';
import { driverMap } from './driver-map';
import { pasid6x } from './pasid-6x';
import { upstream58 } from './upstream-5-8';
import { v3GroupFlag } from './v3-group-flag';

export const DESIGNS: readonly Design[] = [upstream58, v3GroupFlag, domainFlag, driverMap, pasid6x];

/** The design with this id, or undefined. */
export function getDesign(id: string): Design | undefined {
  return DESIGNS.find((d) => d.id === id);
}

export type { DesignId };
