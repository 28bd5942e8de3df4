/**
 * Checking scenario files and printing the results in the `npm run check` format. Lives here,
 * not in the CLI, so the browser's "check" panel and the tests print exactly what CI prints.
 *
 *   file:line:col: message                   a syntax error (the file then runs nothing)
 *   file:line: [design] expected X, got Y    a failed expectation
 *   file:line:col: [design] message          a runtime error (unknown name, bad argument)
 *   file:line: [design] show NAME: k=v, …    what `show NAME` printed
 *   N passed, N failed                       always the last line
 */
import { baseOf, type DesignId } from '../core';
import type { ScnError } from './ast';
import { parseScenario } from './parser';
import { designsFor, runScenario, type Run, type RunEntry } from './runner';

/** One file's outcome: errors that stopped it from running, or its runs (one per design). */
export interface FileReport {
  readonly file: string;
  /** Syntax errors, or a `--design` the header does not list. Non-empty: nothing ran. */
  readonly errors: readonly ScnError[];
  readonly runs: readonly Run[];
}

/**
 * Parses and runs one scenario text. Without `design` it runs under every design of its
 * header (or the default); with `design`, only that one, which a header must list (or list
 * the design it is a variant of). `design` is a canonical id (resolveDesign).
 */
export function checkScenario(file: string, text: string, design?: DesignId): FileReport {
  const { script, errors } = parseScenario(text);
  if (errors.length) return { file, errors, runs: [] };
  const h = script.header;
  // A variant of a design the header lists runs too (held to that design's expectations).
  if (design && h && !h.designs.includes(design) && !h.designs.includes(baseOf(design) as DesignId)) {
    const message = `expected a design the header lists (${h.designs.join(', ')}), found --design ${design}`;
    return { file, errors: [{ line: h.line, col: h.cols[0], message }], runs: [] };
  }
  const designs = design ? [design] : designsFor(script);
  return { file, errors: [], runs: designs.map((d) => runScenario(script, d)) };
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
  for (const run of r.runs) {
    for (const e of run.entries) {
      const l = entryLine(r.file, run.design, e);
      if (l !== null) lines.push(l);
    }
  }
  return lines;
}

/** Totals over files: a file that could not run counts as one failure, whatever its errors. */
export function totals(reports: readonly FileReport[]): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  for (const r of reports) {
    if (r.errors.length) failed++;
    for (const run of r.runs) {
      passed += run.passed;
      failed += run.failed;
    }
  }
  return { passed, failed };
}

/** The whole report: every file's lines, then `N passed, N failed`. */
export function formatReport(reports: readonly FileReport[]): string {
  const { passed, failed } = totals(reports);
  return [...reports.flatMap(reportLines), `${passed} passed, ${failed} failed`].join('\n');
}
