/**
 * The core's public surface. The scenario runner, the store, the comparison and the search use
 * only what is exported here.
 *
 *   newMachine()                         an empty machine (VT-d, scalable mode)
 *   declare(m, decl)                     add a declared object (pci, mdev, container, iommu options)
 *   applyCall(design, m, call)           run one call → Step (never mutates m; never throws for
 *                                        kernel failures: they are return values)
 *   resolveName(m, name)                 `P1`, `G_m1`, `D`, `C.d0`, `dom0`, `dma(G_P1)`, `identity`
 *   nameOf(m, ref), inspect(m, ref)      names and kernel-named fields of an object
 *   DESIGNS, getDesign(id)               the registry
 */
export type * from './model';
export type * from './step';
export type * from './decl';
export type { Value, RetKind, ErrnoName } from './value';
export { ERRNO, errnoName, CONSTANTS } from './value';
export type { Design, Breadcrumb } from './design';
export { SIGNATURES, PORTABLE_STEPS } from './signatures';
export type { Signature, ParamKind } from './signatures';
export { Table } from './table';
export { newMachine, declare } from './machine';
export type { DeclResult } from './machine';
export { applyCall, writesOf } from './engine';
export { checkReturn } from './invariants';
export type { PrevViolations, ApplyOptions } from './engine';
export { resolveName, nameOf, inspect } from './names';
export { formatValue } from './format';
export { DESIGNS, DESIGN_IDS, getDesign } from './designs/index';
export type { DesignId } from './designs/index';
