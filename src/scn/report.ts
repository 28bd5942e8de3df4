/**
 * Checking scenario files and printing the results in the `npm run check` format. Lives here,
 * not in the CLI, so the browser's "check" panel and the tests print exactly what CI prints.
 *
 *   file:line:col: message                   a syntax error (the file then runs nothing)
 *   file:line: [design] expected X, got Y    a failed expectation
 *   file:line:col: [design] message          a runtime error (unknown name, bad argument)
 *   file:line: [design] show NAME: k=v, …    what `show NAME` printed
 *   file:line: skipped: …                    --design names a design the header leaves out
 *   N passed, N failed[, N skipped]          always the last line (skipped files, if any)
 */
import { baseOf, type DesignId } from '../core';
import type { ScnError } from './ast';
import { parseScenario } from './parser';
import { designsFor, runScenario, type Budget, type Run, type RunEntry } from './runner';

/** One file's outcome: errors that stopped it from running, or its runs (one per design). */
export interface FileReport {
  readonly file: string;
  /** Syntax errors, or a `--design` the header does not list. Non-empty: nothing ran. */
  readonly errors: readonly ScnError[];
  readonly runs: readonly Run[];
  /** Why the file was not run at all (its header leaves out the requested design). */
  readonly skipped?: ScnError;
}

/**
 * Parses and runs one scenario text. Without `design` it runs under every design of its
 * header (or the default); with `design`, only that one. `design` is a canonical id
 * (resolveDesign); a variant of a design the header lists runs too, held to that design's
 * expectations. A file whose header leaves the design out is skipped (and says so): it was
 * written for other designs, which is not a failure.
 * Never throws: a bug of this program while parsing or running is a failure at line 1.
 */
export function checkScenario(file: string, text: string, design?: DesignId, budget?: Budget): FileReport {
  try {
    const { script, errors } = parseScenario(text);
    if (errors.length) return { file, errors, runs: [] };
    const h = script.header;
    if (design && h && !h.designs.includes(design) && !h.designs.includes(baseOf(design) as DesignId)) {
      const message = `skipped: the header lists ${h.designs.join(', ')}, not ${design}`;
      return { file, errors: [], runs: [], skipped: { line: h.line, col: h.cols[0], message } };
    }
    const designs = design ? [design] : designsFor(script);
    return { file, errors: [], runs: designs.map((d) => runScenario(script, d, budget)) };
  } catch (e) {
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return { file, errors: [{ line: 1, col: 1, message: `internal error: ${why}` }], runs: [] };
  }
}

function formatField(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function entryLine(file: string, design: DesignId, e: RunEntry): string | null {
  if (e.error) return `${file}:${e.error.line}:${e.error.col}: [${design}] ${e.error.message}`;
  if (e.ok === false) return `${file}:${e.line}: [${design}] expected ${e.expected}, got ${e.got}`;
  if (e.shown) {
    const fields = Object.entries(e.shown).map(([k, v]) => `${k}=${formatField(v)}`);
    return `${file}:${e.line}: [${design}] ${e.text}: ${fields.join(', ')}`;
  }
  return null;
}

/** The lines one file contributes (no summary). */
export function reportLines(r: FileReport): string[] {
  const lines = r.errors.map((e) => `${r.file}:${e.line}:${e.col}: ${e.message}`);
  if (r.skipped) lines.push(`${r.file}:${r.skipped.line}: ${r.skipped.message}`);
  for (const run of r.runs) {
    for (const e of run.entries) {
      const l = entryLine(r.file, run.design, e);
      if (l !== null) lines.push(l);
    }
    if (run.stopped) lines.push(`${r.file}:${run.stopped.line}:${run.stopped.col}: [${run.design}] ${run.stopped.message}`);
  }
  return lines;
}

/**
 * Totals over files: a file that could not run counts as one failure, whatever its errors;
 * a skipped file counts as skipped.
 */
export function totals(reports: readonly FileReport[]): { passed: number; failed: number; skipped: number } {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const r of reports) {
    if (r.errors.length) failed++;
    if (r.skipped) skipped++;
    for (const run of r.runs) {
      passed += run.passed;
      failed += run.failed;
    }
  }
  return { passed, failed, skipped };
}

/** The count line: `N passed, N failed`, then `, N skipped` when files were skipped. */
export function countLine(reports: readonly FileReport[], extraFailed = 0): string {
  const { passed, failed, skipped } = totals(reports);
  return `${passed} passed, ${failed + extraFailed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

/**
 * The whole report: every file's lines, then the count line. A file whose lines cannot be
 * printed (a bug of this program) prints one internal-error line and counts one more failure;
 * the other files and the count line are printed all the same.
 */
export function formatReport(reports: readonly FileReport[]): string {
  let broken = 0;
  const lines = reports.flatMap((r) => {
    try {
      return reportLines(r);
    } catch (e) {
      broken++;
      return [`${r.file}:1:1: internal error while printing the results: ${e instanceof Error ? e.message : String(e)}`];
    }
  });
  return [...lines, countLine(reports, broken)].join('\n');
}
