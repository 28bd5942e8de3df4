/**
 * A reply-ready report of one scenario for a mailing-list thread: plain text, no tabs, every
 * line at most 72 columns, the same bytes for the same input (golden tests in test/report).
 *
 *   the scenario        title, designs, the text itself (long lines folded so it still parses)
 *   results             every call with each design's return side by side, divergent rows marked
 *   first divergence    the step, the call, one reason in the .scn `value @designs` notation
 *   kernel trace        that step's call tree under each design, trimmed to the frames that differ
 *
 * Pure: runs the scenario with src/scn, compares with src/compare. Used by "Copy as mail" in the
 * File menu and by `npm run check -- FILE --report`. Format: docs/share.md.
 */
import { compareRuns, LEVEL_TEXT, timelineOf, type Comparison, type Difference, type Row, type SameLevel } from '../compare';
import { DESIGN_IDS, type DesignId, type TraceNode } from '../core';
import { designsFor, parseScenario, runScenario, scenarioTitle, type Run } from '../scn';
import { abbreviate, mailLines, pad, padLeft, plain, width, WIDTH, wrap } from './text';

export interface MailOptions {
  /** Shown as the scenario's name when its text has no title comment (a file name). */
  readonly file?: string;
  /** Designs to compare; default: the `design:` header's, or every design without a header. */
  readonly designs?: readonly DesignId[];
  readonly level?: SameLevel;
  /**
   * Runs of this very text already made (the page's: the one runner's, so the report shows what
   * the views show); a design without one is run here (the CLI, or no header: every design).
   */
  readonly runs?: Readonly<Partial<Record<DesignId, Run>>>;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CODE = '    '; // code in a mail is indented, not fenced


/** A short cell: `n/a` for a function the design lacks, `!` after a value that WARNed. */
function cellText(got: string, warned: boolean): string {
  const v = got === 'unsupported' ? 'n/a' : got === '—' ? '-' : got;
  return plain(warned ? `${v}!` : v);
}

// ---------------------------------------------------------------- the scenario text

/**
 * One scenario line as mail lines that still parse: a trailing comment moves above its
 * statement, the `design:` list loses its spaces, and an expectation that does not fit is
 * left out (the results table shows every design's value anyway).
 */
function statementLines(l: string): string[] {
  const room = WIDTH - CODE.length;
  if (width(l) <= room) return [CODE + l];
  const trailing = /^(.*?\S)\s+#\s?(.*)$/.exec(l);
  if (trailing) return [...wrap(trailing[2], `${CODE}# `), ...statementLines(trailing[1])];
  const expect = /^(.*?\S)\s*=>/.exec(l);
  if (expect) return [`${CODE}# (expectation left out: too long for a mail line)`, ...statementLines(expect[1])];
  // A bare statement (a long call, the `design:` list): without the blanks after commas, then
  // without the indent; only then cut (it no longer parses, so the report says so).
  const tight = l.replace(/,\s+/g, ',');
  if (width(tight) <= room) return [CODE + tight];
  if (width(tight.trim()) <= WIDTH) return [tight.trim()];
  return [`${CODE}# (cut: too long for a mail line)`, abbreviate(tight.trim(), WIDTH)];
}

const COMMENT = /^(\s*#+)\s?(.*)$/;

/**
 * The scenario text as mail lines. A run of comment lines with the same prefix (`#`, `##`) is
 * one paragraph (as the narration cards read it); when one of its lines is too long the whole
 * paragraph is wrapped again, so it reads as prose instead of ragged halves.
 */
function scenarioText(text: string): string[] {
  const lines = text.split(/\r\n?|\n/).map(plain);
  // Trailing blank lines go (a loop: `/\n+$/` backtracks quadratically over inner blank runs).
  while (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const c = COMMENT.exec(lines[i]);
    if (!c || !c[2]) {
      append(out, c ? [CODE + lines[i]] : statementLines(lines[i]));
      i++;
      continue;
    }
    let j = i;
    const words: string[] = [];
    for (; j < lines.length; j++) {
      const d = COMMENT.exec(lines[j]);
      if (!d || d[1] !== c[1] || !d[2]) break;
      words.push(d[2]);
    }
    const run = lines.slice(i, j);
    append(out, run.every((l) => width(CODE + l) <= WIDTH) ? run.map((l) => CODE + l) : wrap(words.join(' '), `${CODE}${c[1]} `));
    i = j;
  }
  return out.map((l) => l.trimEnd());
}

// ---------------------------------------------------------------- the results table

function resultsTable(cmp: Comparison, rows: readonly Row[]): string[] {
  const n = cmp.designs.length;
  const iw = String(rows.at(-1)?.index ?? 1).length;
  const prefix = (r: Row) => `${cmp.divergent.includes(r.index) ? '*' : ' '}${padLeft(String(r.index), iw)} `;
  const pw = iw + 2;
  let natural = 1;
  for (const r of rows) for (const c of r.cells) natural = Math.max(natural, Math.min(11, width(cellText(c.got, c.warned))));
  const vw = Math.max(3, Math.min(natural, 10, Math.floor((WIDTH - pw - 12) / n) - 1));
  const x0 = WIDTH - n * (vw + 1) + 1; // where the first value column starts
  const values = (r: Row) => r.cells.map((c) => pad(abbreviate(cellText(c.got, c.warned), vw), vw)).join(' ').trimEnd();
  const out = [pad('', x0) + [...cmp.designs].map((_, i) => pad(LETTERS[i] ?? '?', vw)).join(' ').trimEnd()];
  for (const r of rows) {
    const call = plain(r.text.replace(/\s*=>[\s\S]*$/, ''));
    const head = prefix(r) + call;
    if (width(head) < x0) out.push(pad(head, x0) + values(r));
    else {
      out.push(abbreviate(width(head) > WIDTH ? head.replace(/,\s+/g, ',') : head, WIDTH));
      out.push(pad('', x0) + values(r));
    }
  }
  return out;
}

// ---------------------------------------------------------------- the divergence

function grouped(values: Readonly<Partial<Record<DesignId, string>>>): string {
  const by = new Map<string, string[]>();
  for (const [d, v] of Object.entries(values)) by.set(v ?? '-', [...(by.get(v ?? '-') ?? []), d]);
  return [...by].map(([v, ds]) => `${plain(v === '—' ? '-' : v)} @${ds.join(',')}`).join(' | ');
}

const reasonOf = (d: Difference) => `${d.what === 'return value' ? 'returns' : `${plain(d.what)} is`} ${grouped(d.values)}`;

// ---------------------------------------------------------------- the trace

interface Frame {
  readonly depth: number;
  readonly text: string;
}

/** The call tree in pre-order; iterative (a deep trace must not overflow the stack). */
function frames(root: TraceNode): Frame[] {
  const out: Frame[] = [];
  const stack: [TraceNode, number][] = [[root, 0]];
  while (stack.length) {
    const [t, depth] = stack.pop()!;
    out.push({ depth, text: plain(`${t.fn}(${t.args.join(', ')})${t.ret ? ` = ${t.ret}` : ''}`) });
    for (const l of t.log) out.push({ depth: depth + 1, text: plain(`${l.level}: ${l.text.split('\n')[0]}`) });
    for (let i = t.children.length - 1; i >= 0; i--) stack.push([t.children[i], depth + 1]);
  }
  return out;
}

/** `out.push(...lines)` without spreading: a 125k-line scenario overflowed the stack that way. */
function append(out: string[], lines: readonly string[]): void {
  for (const l of lines) out.push(l);
}

const key = (f: Frame) => `${f.depth}|${f.text}`;

/** Frames that every design has (same depth, same text, as many times) are left out. */
function trimmed(all: readonly Frame[][]): { kept: Frame[][]; common: number } {
  const counts = all.map((fs) => {
    const m = new Map<string, number>();
    for (const f of fs) m.set(key(f), (m.get(key(f)) ?? 0) + 1);
    return m;
  });
  const shared = new Map<string, number>();
  for (const k of counts[0]?.keys() ?? []) shared.set(k, Math.min(...counts.map((m) => m.get(k) ?? 0)));
  const common = [...shared.values()].reduce((a, b) => a + b, 0);
  const kept = all.map((fs) => {
    const left = new Map(shared);
    return fs.filter((f, i) => {
      const k = key(f);
      const n = left.get(k) ?? 0;
      if (i > 0 && n > 0) {
        left.set(k, n - 1);
        return false;
      }
      return true; // the call itself (i = 0) always stays, so each design's result shows
    });
  });
  return { kept, common };
}

function traceSection(cmp: Comparison, runs: readonly Run[], row: Row): string[] {
  const entries = runs.map((r) => timelineOf(r)[row.index - 1]);
  const all = entries.map((e) => (e?.step ? frames(e.step.trace) : []));
  if (all.every((f) => f.length === 0)) return [];
  const { kept, common } = trimmed(all);
  const out = wrap(
    common
      ? `Kernel trace of step ${row.index}, trimmed to the frames that differ (${common} frame${common === 1 ? '' : 's'} the same under every design left out):`
      : `Kernel trace of step ${row.index} under each design:`,
  );
  // Designs whose trimmed traces are the same are printed once.
  const groups = new Map<string, DesignId[]>();
  kept.forEach((fs, i) => {
    const k = fs.map(key).join('\n');
    groups.set(k, [...(groups.get(k) ?? []), cmp.designs[i]]);
  });
  for (const [k, ds] of groups) {
    out.push('');
    out.push(...wrap(`${ds.join(', ')}:`, '  ', '    '));
    if (!k) {
      out.push('    (no kernel call)');
      continue;
    }
    let prev = -1;
    for (const f of k.split('\n')) {
      const [d, ...text] = f.split('|');
      const depth = Number(d);
      // A `...` stands for the callers left out, so the indentation still reads as depth.
      if (depth > prev + 1) out.push(`${CODE}${'  '.repeat(depth - 1)}...`);
      out.push(abbreviate(`${CODE}${'  '.repeat(depth)}${text.join('|')}`, WIDTH));
      prev = depth;
    }
  }
  return out;
}

// ---------------------------------------------------------------- the report

export function mailReport(text: string, opts: MailOptions = {}): string {
  const { script, errors } = parseScenario(text);
  const name = scenarioTitle(text) || opts.file || 'untitled scenario';
  const out: string[] = [...wrap(`IOMMU Playground: ${name}`)];
  if (!script || errors.length) {
    out.push('', 'The scenario does not parse:');
    for (const e of errors) append(out, wrap(`line ${e.line}:${e.col}: ${e.message}`, '  ', '    '));
    return finish(out);
  }
  const designs = opts.designs ?? (script.header ? designsFor(script) : [...DESIGN_IDS]);
  const level = opts.level ?? 'observable';
  const runs = designs.map((d) => opts.runs?.[d] ?? runScenario(script, d));
  const cmp = compareRuns(runs, level);
  const rows = cmp.rows.filter((r) => r.cells.some((c) => c.got !== '—'));

  if (opts.file) out.push(...wrap(`File: ${opts.file}`));
  out.push('', ...wrap(`Designs: ${designs.map((d, i) => `${LETTERS[i] ?? '?'} ${d}`).join(', ')}.`));
  out.push(...wrap(`Compared on: ${LEVEL_TEXT[level].replace(/^\+ /, 'return values + ')}.`));
  const unmet = runs.filter((r) => r.failed > 0).map((r) => `${r.design} (${r.failed})`);
  const judged = runs.some((r) => r.passed + r.failed > 0);
  out.push(
    ...wrap(
      unmet.length ? `Expectations not met under: ${unmet.join(', ')}.` : judged ? 'Every expectation in the scenario is met under every design.' : 'The scenario states no expectations.',
    ),
  );

  out.push('', 'Scenario:', '');
  append(out, scenarioText(text));

  out.push('', ...wrap("Results (n/a: the design lacks the function; !: WARN printed; *: the designs differ at this step):"), '');
  append(out, resultsTable(cmp, rows));

  out.push('');
  const first = cmp.rows.find((r) => r.index === cmp.first);
  if (!first) out.push(...wrap(`No divergence: the designs agree at every step (${level}).`));
  else {
    out.push(`First divergence: step ${first.index} (line ${first.line}):`);
    out.push(...statementLines(plain(first.text.replace(/\s*=>[\s\S]*$/, ''))));
    out.push(...wrap(reasonOf(first.diffs[0]), 'Reason: ', '        '));
    if (first.diffs.length > 1) out.push(...wrap(`(and ${first.diffs.length - 1} more difference${first.diffs.length > 2 ? 's' : ''} at this step)`, '        '));
    const trace = traceSection(cmp, runs, first);
    if (trace.length) {
      out.push('');
      append(out, trace);
    }
  }
  out.push('', ...wrap('To reproduce: paste the scenario into the IOMMU Playground, or save it as FILE.scn and run'), `${CODE}npm run check -- FILE.scn --report`);
  return finish(out);
}

/** The last guard, whatever a section did: printable ASCII, ≤ WIDTH columns, one line per line. */
function finish(out: readonly string[]): string {
  const lines: string[] = [];
  for (const l of out) append(lines, mailLines(l));
  return lines.join('\n') + '\n';
}
