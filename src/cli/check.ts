/**
 * `npm run check -- files|dirs… [--design <id>[+option=value]]`: runs scenario files headless
 * and prints the report (format in src/scn/report.ts). Exit 0 when nothing failed (skipped files
 * are not failures), 1 on any failure, syntax error or internal error, 2 on a usage error (bad
 * option, missing path, nothing to check). Every file's lines and the count line are always printed.
 *
 * Only argv and the file system live here; parsing, running and printing are src/scn's.
 */
import { readdirSync, statSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { readScenarioFile } from './read-file';
import { join } from 'node:path';
import { DESIGN_IDS, DESIGNS, optionList, resolveDesign, type DesignId } from '../core';
import { printMailReports } from './report';
import { checkScenario, formatReport, MAX_STATEMENTS, totals, type Budget, type FileReport } from '../scn';

const DEFAULT_SECONDS = 120;
/** Share of the heap limit a run may fill before it is stopped (beyond it node aborts, printing nothing). */
const HEAP_SHARE = 0.75;

const USAGE = `usage: npm run check -- <file.scn|dir>… [--design <id>[+option[=value]…]] [--report]
  ids: ${DESIGN_IDS.join(', ')}
${DESIGNS.filter((d) => d.options?.length)
  .map((d) => `  ${d.id} options: ${optionList(d)}`)
  .join('\n')}
  --report  print a plain-text report for a mail reply (docs/share.md) instead
  --time-limit <s>  stop a run after s seconds of wall time (default ${DEFAULT_SECONDS}; 0: none)
  budget: ${MAX_STATEMENTS.toLocaleString('en-US')} statements per run, and a run stops when the heap passes
  ${HEAP_SHARE * 100}% of node's limit (docs/performance.md, "Budget")`;

class UsageError extends Error {}


interface Args {
  readonly paths: string[];
  readonly design?: DesignId;
  readonly report: boolean;
  readonly seconds: number;
}

function parseArgs(argv: readonly string[]): Args {
  const paths: string[] = [];
  let design: string | undefined;
  let report = false;
  let seconds = DEFAULT_SECONDS;
  const secondsOf = (v: string | undefined): number => {
    const n = Number(v);
    if (v === undefined || v === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`'--time-limit' needs a number of seconds, not '${v ?? ''}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') paths.push(...argv.slice(i + 1));
    else if (a === '--design') {
      if (i + 1 >= argv.length) throw new UsageError("'--design' needs a design id");
      design = argv[++i];
    } else if (a.startsWith('--design=')) design = a.slice('--design='.length);
    else if (a === '--report') report = true;
    else if (a === '--time-limit') seconds = secondsOf(argv[++i]);
    else if (a.startsWith('--time-limit=')) seconds = secondsOf(a.slice('--time-limit='.length));
    else if (a === '-h' || a === '--help') throw new UsageError('');
    else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else paths.push(a);
    if (a === '--') break;
  }
  // A variant (`driver-map+present-check=off`) is checked and spelled canonically here.
  const r = design === undefined ? undefined : resolveDesign(design);
  if (r && !r.ok) throw new UsageError(r.error);
  if (paths.length === 0) throw new UsageError('no scenario files given');
  return { paths, design: r?.id as DesignId | undefined, report, seconds };
}

/** Every *.scn below `dir`, sorted so the report's order never depends on the file system. */
function scnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return scnFiles(p);
      return e.isFile() && e.name.endsWith('.scn') ? [p] : [];
    });
}

function expand(paths: readonly string[]): string[] {
  const files = paths.flatMap((p) => {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new UsageError(`cannot read '${p}'`);
    }
    // A device or FIFO named on the command line is refused when it is read (readScenarioFile).
    return isDir ? scnFiles(p) : [p];
  });
  if (files.length === 0) throw new UsageError(`no .scn files under ${paths.join(', ')}`);
  return files;
}

/** The wall-clock and heap parts of a run's budget (the statement count is the runner's). */
function budgetOf(seconds: number): Budget {
  const start = Date.now();
  const heapLimit = getHeapStatistics().heap_size_limit * HEAP_SHARE;
  return {
    stop: () => {
      if (seconds > 0 && Date.now() - start > seconds * 1000) return `the run reached its time limit of ${seconds} s (--time-limit)`;
      const used = process.memoryUsage().heapUsed;
      if (used > heapLimit) return `the run reached its memory budget (${Math.round(used / 2 ** 20)} MB of heap, limit ${Math.round(heapLimit / 2 ** 20)} MB)`;
      return null;
    },
  };
}

function main(argv: readonly string[]): number {
  try {
    const { paths, design, report, seconds } = parseArgs(argv);
    if (report) return printMailReports(expand(paths), design);
    // checkScenario never throws; a file that cannot be read is a failure of that file only.
    const reports = expand(paths).map((f): FileReport => {
      const text = readScenarioFile(f);
      if (typeof text !== 'string') return { file: f, errors: [{ line: 1, col: 1, message: text.error }], runs: [] };
      return checkScenario(f, text, design, budgetOf(seconds));
    });
    const text = formatReport(reports);
    process.stdout.write(text + '\n');
    // The count line is the last one; it also counts files whose results could not be printed.
    const failed = Number(/(\d+) failed/.exec(text.slice(text.lastIndexOf('\n') + 1))?.[1] ?? 1);
    return failed > 0 || totals(reports).failed > 0 ? 1 : 0;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message ? `check: ${e.message}\n` : ''}${USAGE}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
