/**
 * The core's public surface. The scenario runner, the store, the comparison and the search use
 * only what is exported here.
 *
 *   newMachine()                         an empty machine (VT-d, scalable mode)
 *   declare(m, decl)                     add a declared object (pci, mdev, container, iommu options)
 *   applyCall(design, m, call)           run one call → Step (never mutates m; never throws:
 *                                        kernel failures are return values, an emulator bug
 *                                        is the value `internal error`)
 *   resolveName(m, name)                 `P1`, `G_m1`, `D`, `C.d0`, `dom0`, `dma(G_P1)`, `identity`
 *   nameOf(m, ref), inspect(m, ref)      names and kernel-named fields of an object
 *   DESIGNS, getDesign(id)               the registry; getDesign and resolveDesign also take a
 *                                        variant, `driver-map+present-check=off`
 */
export type * from './model';
export type * from './step';
export type * from './decl';
export type { Value, RetKind, ErrnoName, HeaderVersion } from './value';
export { ERRNO, errnoName, CONSTANTS, CONSTANTS_BY_VERSION } from './value';
export { headerVersion, constantsOf } from './constants';
export type { Design, Breadcrumb, KernelFn, DesignOption, OptionValues } from './design';
export { SIGNATURES, PORTABLE_STEPS } from './signatures';
export type { Signature, ParamKind } from './signatures';
export { Table } from './table';
export { PT_EMPTY, ptEntries, ptGet, ptSize } from './ptmap';
export type { PtMap } from './ptmap';
export { DidSet } from './dids';
export { newMachine, declare } from './machine';
export type { DeclResult } from './machine';
export { applyCall, unsupportedCall, writesOf } from './engine';
export { checkReturn } from './invariants';
export type { PrevViolations, ApplyOptions } from './engine';
export { resolveName, nameOf, inspect } from './names';
export { formatValue } from './format';
export { DESIGNS, DESIGN_IDS, DEFAULT_DESIGN, DEFAULT_COMPARISON, canonicalDesign, getDesign, resolveDesign } from './designs/index';
export type { BaseDesignId, DesignId } from './designs/index';
export { baseOf, oneOptionVariants, optionList, optionValues, variantId } from './designs/variants';
export type { Resolved } from './designs/variants';
