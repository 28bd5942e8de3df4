/** The view model of one machine state: nodes and edges, named as the scenario names them. */
import type { Ref } from '../core';

export const NODE_KINDS = ['pci', 'mdev', 'group', 'domain', 'pasid', 'container'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const EDGE_KINDS = [
  'member',
  'iommu_device',
  'domain',
  'default_domain',
  'aux',
  'pasid_array',
  'pasid',
  'breadcrumb',
  'container',
] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

/** Something wrong drawn on an object: never colour alone, always an icon and text. */
export interface Mark {
  readonly level: 'warn' | 'oops' | 'violation';
  /** Violation code, `WARN` or `OOPS`. */
  readonly code: string;
  readonly text: string;
}

/**
 * A compare view's mark on an element (src/compare/diff.ts): only in design A, only in B, or in
 * both with a differing field. Absent: the same, or not a comparison.
 */
export type DiffMark = 'a' | 'b' | 'changed';

export interface GraphNode {
  /** The scenario name (`P1`, `G_m1`, `C.d0`, `dma(G_P1)`, `pasid:1`). */
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  /** Second line: domain type, `pasids=…`, group id. */
  readonly sub: string;
  /** The core object, null for PASIDs (they live in the machine's PASID space). */
  readonly ref: Ref | null;
  /** Devices: the id of the group node they sit in (null when in no group). */
  readonly group: string | null;
  /** mdevs: the id of their parent device. */
  readonly parent: string | null;
  /** Breadcrumb labels the object holds (flags, records, PASID keys). */
  readonly badges: readonly string[];
  /** `freed` / `released` objects are drawn only while something still points at them. */
  readonly gone: boolean;
  /** Changed in the current step. */
  readonly changed: boolean;
  readonly marks: readonly Mark[];
  /** Compare views only: how this object differs between the compared designs. */
  readonly diff?: DiffMark;
  /** Compare views only: text lines (sub line, `⚑ flag`) that differ, by their drawn text. */
  readonly diffRows?: Readonly<Record<string, DiffMark>>;
}

export interface GraphEdge {
  /** `kind:source->target[:label]`: stable across steps. */
  readonly id: string;
  readonly kind: EdgeKind;
  readonly source: string;
  readonly target: string;
  readonly label: string;
  /** The edge did not exist before this step. */
  readonly changed: boolean;
  /** Compare views only: the edge is in one design's picture only. */
  readonly diff?: DiffMark;
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export const pasidNodeId = (pasid: number | string): string => `pasid:${pasid}`;
