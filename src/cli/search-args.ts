/**
 * `npm run search`'s command line, read strictly (issue 24): a flag's value is checked for what it
 * is, not converted and hoped for. `Number('abc')` is NaN and `NaN >= cap` is never true, so
 * `--max-states abc` used to mean "no cap" and ran out of memory; `0`, `-5` and `1.5` passed too.
 * Every refusal names the flag and says why (search.ts prints it and exits 2).
 */
import { resolveDesign, type DesignId } from '../core';
import { SAME_LEVELS, type SameLevel } from '../compare';
import { ALPHABET, DEFAULT_DEPTH, parseSpec, type SearchOptions } from '../search';
export { sizeText } from '../search';

export const USAGE =
  'usage: npm run search -- --designs a,b [--machine aux=2,plain=1,mdevs=1,containers=1[,shared]] [--depth N] [--same returns|observable|internals] [--calls f,g] [--invariants] [--max-states N] [--max-memory SIZE] [--no-symmetry] [--workers N]';

/** What the machine running the search has (os.totalmem(), V8's heap limit, CPUs): passed in, so tests choose. */
export interface Host {
  readonly totalmem: number;
  readonly heapLimit: number;
  readonly workers: number;
}

export interface SearchArgs {
  readonly options: SearchOptions;
  readonly workers: number;
  /** Bytes; the search stops cleanly once the process holds this much (resident). */
  readonly maxMemory: number;
  /** Whether `maxMemory` is the default (defaultMaxMemory), not given. */
  readonly memoryDefault: boolean;
}

export type Parsed = { readonly ok: true; readonly args: SearchArgs } | { readonly ok: false; readonly error: string };

const MIB = 1024 * 1024;

/**
 * The budget when none is given: a quarter of the machine's memory, and no more than three
 * quarters of one thread's V8 heap limit. The budget is checked against the resident size of the
 * whole process (every thread's heap counts), so no single heap reaches its limit first.
 */
export const defaultMaxMemory = (h: Host): number => Math.floor(Math.min(h.totalmem / 4, (h.heapLimit * 3) / 4));

/** An integer min…max written as digits only, or why not. */
export function parseCount(flag: string, text: string, min: number, max: number): number | string {
  const why = `--${flag} takes an integer ${min}…${max}`;
  if (!/^[0-9]+$/.test(text)) return `${why}, not '${text}'${/^-/.test(text) ? ' (negative)' : /[.eE]/.test(text) ? ' (not a whole number)' : ''}`;
  const n = Number(text);
  if (n < min || n > max) return `${why}, not ${text}`;
  return n;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, K: 1024, M: MIB, G: 1024 * MIB, T: 1024 * 1024 * MIB };

/** A size such as `512M`, `2G`, `1536M` or `100000000` (bytes): an integer ≥ 1 and a unit (powers of 1024), at least 16M. */
export function parseSize(flag: string, text: string): number | string {
  const m = /^([0-9]+)([KMGT]?)(i?B)?$/i.exec(text);
  const why = `--${flag} takes a size: a whole number with an optional unit K, M, G or T (512M, 2G, 1536M)`;
  if (!m) return `${why}, not '${text}'`;
  const n = Number(m[1]) * UNITS[m[2].toUpperCase()];
  if (n < 16 * MIB) return `--${flag} must be at least 16M (a search's start alone needs that), not '${text}'`;
  if (!Number.isSafeInteger(n)) return `--${flag}: '${text}' is too large`;
  return n;
}

const VALUED = ['designs', 'machine', 'depth', 'same', 'calls', 'max-states', 'max-memory', 'workers'];

export function parseSearchArgs(argv: readonly string[], host: Host): Parsed {
  const fail = (error: string): Parsed => ({ ok: false, error });
  const opt: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) return fail(`unexpected argument '${a}'`);
    const key = a.slice(2);
    if (key === 'invariants' || key === 'no-symmetry') opt[key] = true;
    else if (VALUED.includes(key)) {
      const v = argv[++i];
      if (v === undefined) return fail(`--${key} needs a value`);
      if (Object.hasOwn(opt, key)) return fail(`--${key} is given twice`);
      opt[key] = v;
    } else return fail(`unknown option '--${key}'`);
  }
  const str = (k: string): string | undefined => (typeof opt[k] === 'string' ? (opt[k] as string) : undefined);
  const designsText = str('designs');
  if (designsText === undefined) return fail('--designs is required');
  // Variants resolve to their canonical ids: `driver-map,driver-map+present-check=off` asks
  // for the shortest scenario where that one choice matters.
  const designs: DesignId[] = [];
  for (const d of designsText.split(',').map((s) => s.trim()).filter(Boolean)) {
    const r = resolveDesign(d);
    if (!r.ok) return fail(r.error);
    designs.push(r.id as DesignId);
  }
  if (new Set(designs).size !== designs.length) return fail(`--designs names one design twice (${designs.join(', ')})`);
  if (designs.length < 1 || designs.length > 2) return fail('--designs takes one design (its invariants) or two');
  let machine;
  const machineText = str('machine');
  if (machineText !== undefined) {
    try {
      machine = parseSpec(machineText);
    } catch (e) {
      return fail(`--machine: ${(e as Error).message}`);
    }
  }
  const count = (k: string, dflt: number | undefined, min: number, max: number): number | undefined | string => {
    const t = str(k);
    return t === undefined ? dflt : parseCount(k, t, min, max);
  };
  const depth = count('depth', DEFAULT_DEPTH, 1, 20);
  if (typeof depth === 'string') return fail(depth);
  const maxStates = count('max-states', undefined, 1, 1_000_000_000);
  if (typeof maxStates === 'string') return fail(maxStates);
  const workers = count('workers', host.workers, 1, 16);
  if (typeof workers === 'string') return fail(workers);
  const memText = str('max-memory');
  const maxMemory = memText === undefined ? defaultMaxMemory(host) : parseSize('max-memory', memText);
  if (typeof maxMemory === 'string') return fail(maxMemory);
  const level = (str('same') ?? 'returns') as SameLevel;
  if (!SAME_LEVELS.includes(level)) return fail(`--same takes ${SAME_LEVELS.join(', ')}, not '${level}'`);
  const calls = str('calls')?.split(',').map((s) => s.trim()).filter(Boolean);
  for (const c of calls ?? []) if (!Object.hasOwn(ALPHABET, c)) return fail(`--calls: the search cannot call '${c}' (known: ${Object.keys(ALPHABET).join(', ')})`);
  const options: SearchOptions = { designs, machine, depth: depth!, level, calls, invariants: opt.invariants === true, maxStates, maxMemory, symmetry: opt['no-symmetry'] !== true };
  return { ok: true, args: { options, workers: workers!, maxMemory, memoryDefault: memText === undefined } };
}



