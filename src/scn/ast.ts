/**
 * The parsed form of a `.scn` scenario. Every statement keeps its line and column so the
 * runner, the CLI and the editor can point at the exact place a check failed.
 */
import type { Decl, DesignId } from '../core';

/** A problem in a scenario, at a 1-based line and column. */
export interface ScnError {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** An object as written in an argument or an expectation: a name, or `dma(G)`. */
export type NameExpr =
  | { readonly kind: 'name'; readonly name: string; readonly col: number }
  /** The default domain of group `group` (the group itself is at `groupCol`). */
  | {
      readonly kind: 'dma';
      readonly group: string;
      readonly col: number;
      readonly groupCol: number;
    };

/** One argument of a call, before names are resolved against the machine. */
export type ArgExpr =
  | NameExpr
  /**
   * Integers, negative errnos and constants. `value` is the OR of the numbers written; the
   * constants named (`IOMMU_READ|IOMMU_WRITE`) are OR-ed in at run time with the values of the
   * design's kernel version (their names in `consts`).
   */
  | { readonly kind: 'int'; readonly value: number; readonly col: number; readonly consts?: readonly string[] }
  | { readonly kind: 'bus'; readonly bus: 'pci' | 'mdev'; readonly col: number }
  | { readonly kind: 'null'; readonly col: number };

/** The VALUE of an expectation, before names are resolved. */
export type ExpectValue =
  | NameExpr
  /** `0`, `0x1000`, `-1`, `-EBUSY`, or a constant (named in `consts`, valued per design). */
  | { readonly kind: 'int'; readonly value: number; readonly consts?: readonly string[] }
  /** `ERR_PTR(-EBUSY)`; errno is negative. */
  | { readonly kind: 'errptr'; readonly errno: number }
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'void' }
  | { readonly kind: 'unsupported' }
  | { readonly kind: 'oops' };

/** One alternative of `=> VALUE [+WARN] [@id,…] | …`. */
export interface Alternative {
  readonly value: ExpectValue;
  /** `+WARN`: the call must also have logged a kernel WARN. */
  readonly warn: boolean;
  /** The designs this alternative is for; null for the catch-all (no `@`). */
  readonly designs: readonly DesignId[] | null;
  /** The VALUE as written, with `+WARN` but without `@…` (what reports print). */
  readonly text: string;
  readonly col: number;
}

/** Where a statement is and what it says (the code part of its line, comment stripped). */
interface At {
  readonly line: number;
  readonly col: number;
  readonly text: string;
}

export interface DeclStmt extends At {
  readonly kind: 'decl';
  readonly decl: Decl;
}

export interface CallStmt extends At {
  readonly kind: 'call';
  readonly fn: string;
  readonly fnCol: number;
  readonly args: readonly ArgExpr[];
  /** `NAME = call(…)`. */
  readonly bind: { readonly name: string; readonly col: number } | null;
  /** null: the call is run and nothing is checked. */
  readonly expect: readonly Alternative[] | null;
}

/** `NAME => VALUE`: checks what a name holds. */
export interface CheckStmt extends At {
  readonly kind: 'check';
  readonly target: NameExpr;
  readonly expect: readonly Alternative[];
}

/** `show NAME`: prints the object's kernel fields. */
export interface ShowStmt extends At {
  readonly kind: 'show';
  readonly target: NameExpr;
}

/** A `##` comment: narration kept for a presenter mode. Never run. */
export interface NoteStmt {
  readonly kind: 'note';
  readonly text: string;
  readonly line: number;
}

export type Stmt = DeclStmt | CallStmt | CheckStmt | ShowStmt | NoteStmt;

/** The `design:` header. */
export interface Header {
  readonly designs: readonly DesignId[];
  readonly line: number;
  /** Column of each id, in the same order as `designs`. */
  readonly cols: readonly number[];
}

export interface Script {
  readonly header: Header | null;
  readonly stmts: readonly Stmt[];
}
