/**
 * `npm run search`'s flags, read strictly (issue 24 §3; src/cli/search-args.ts): what used to be
 * accepted — `--max-states abc` (NaN: no cap at all), `0`, `-5`, `1.5`, `--machine __proto__=1`,
 * `aux=` — is refused with the flag and the reason, and the CLI exits 2 on it.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { defaultMaxMemory, parseSearchArgs, parseSize } from '../../src/cli/search-args';
import { parseSpec } from '../../src/search';

const HOST = { totalmem: 16 * 2 ** 30, heapLimit: 4 * 2 ** 30, workers: 2 };
const refused = (...argv: string[]): string => {
  const r = parseSearchArgs(['--designs', 'pasid-6.x', ...argv], HOST);
  if (r.ok) throw new Error(`accepted: ${argv.join(' ')}`);
  return r.error;
};
const accepted = (...argv: string[]) => {
  const r = parseSearchArgs(['--designs', 'pasid-6.x', ...argv], HOST);
  if (!r.ok) throw new Error(r.error);
  return r.args;
};

describe('search flags', () => {
  it.each([
    ['abc', "--max-states takes an integer 1…1000000000, not 'abc'"],
    ['0', '--max-states takes an integer 1…1000000000, not 0'],
    ['-5', "--max-states takes an integer 1…1000000000, not '-5' (negative)"],
    ['1.5', "--max-states takes an integer 1…1000000000, not '1.5' (not a whole number)"],
    ['1e3', "--max-states takes an integer 1…1000000000, not '1e3' (not a whole number)"],
    ['', "--max-states takes an integer 1…1000000000, not ''"],
  ])('--max-states %j is refused', (v, msg) => expect(refused('--max-states', v)).toBe(msg));

  it.each([
    ['__proto__=1', "--machine: unknown machine key '__proto__'"],
    ['constructor=1', "--machine: unknown machine key 'constructor'"],
    ['aux=', "--machine: machine key aux takes an integer 0…8, not ''"],
    ['aux=0x2', "--machine: machine key aux takes an integer 0…8, not '0x2'"],
    ['aux=1=2', "--machine: machine key aux takes an integer 0…8, not '1=2'"],
    ['mdevs=9', "--machine: machine key mdevs takes an integer 0…8, not '9'"],
    ['containers=0', '--machine: the machine needs at least one container'],
  ])('--machine %j is refused', (v, msg) => expect(refused('--machine', v)).toContain(msg));

  it('refuses the other counts and sizes the same way', () => {
    expect(refused('--depth', '1e1')).toBe("--depth takes an integer 1…20, not '1e1' (not a whole number)");
    expect(refused('--depth', '21')).toBe('--depth takes an integer 1…20, not 21');
    expect(refused('--workers', '0')).toBe('--workers takes an integer 1…16, not 0');
    expect(refused('--max-memory', '1.5G')).toMatch(/^--max-memory takes a size: .*, not '1\.5G'$/);
    expect(refused('--max-memory', 'lots')).toMatch(/^--max-memory takes a size/);
    expect(refused('--max-memory', '-2G')).toMatch(/^--max-memory takes a size/);
    expect(refused('--max-memory', '1M')).toBe("--max-memory must be at least 16M (a search's start alone needs that), not '1M'");
    expect(refused('--max-states', '5', '--max-states', '6')).toBe('--max-states is given twice');
    expect(refused('--calls', '__proto__')).toMatch(/^--calls: the search cannot call '__proto__'/);
  });

  it('accepts what it should, and the budget defaults to a safe share of the machine', () => {
    expect(accepted('--max-states', '600000').options.maxStates).toBe(600000);
    expect(accepted('--machine', 'aux=8,plain=8,mdevs=8,containers=8').options.machine).toEqual(parseSpec('aux=8,plain=8,mdevs=8,containers=8'));
    expect(parseSize('m', '512M')).toBe(512 * 2 ** 20);
    expect(parseSize('m', '2g')).toBe(2 * 2 ** 30);
    expect(parseSize('m', '2GiB')).toBe(2 * 2 ** 30);
    expect(parseSize('m', '100000000')).toBe(100000000);
    expect(accepted('--max-memory', '2G')).toMatchObject({ maxMemory: 2 * 2 ** 30, memoryDefault: false, options: { maxMemory: 2 * 2 ** 30 } });
    // A quarter of the machine, at most 3/4 of one heap's limit.
    expect(accepted().maxMemory).toBe(3 * 2 ** 30);
    expect(defaultMaxMemory({ ...HOST, totalmem: 8 * 2 ** 30 })).toBe(2 * 2 ** 30);
    expect(accepted().memoryDefault).toBe(true);
  });
});

describe('the search CLI', () => {
  const run = (...argv: string[]) =>
    promisify(execFile)('npx', ['tsx', 'src/cli/search.ts', ...argv], { cwd: process.cwd() }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  it('exits 2 on a bad flag, saying which and why', async () => {
    const r = await run('--designs', 'pasid-6.x', '--max-states', 'abc');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("search: --max-states takes an integer 1…1000000000, not 'abc'");
    const m = await run('--designs', 'pasid-6.x', '--machine', '__proto__=1');
    expect(m.code).toBe(2);
    expect(m.stderr).toContain("search: --machine: unknown machine key '__proto__'");
  }, 60_000);

  it('stops on --max-memory and says so', async () => {
    // 16M: the process alone is more than that resident, so the first look at it stops the search.
    const r = await run('--designs', 'pasid-6.x', '--machine', 'aux=2,plain=1,mdevs=2,containers=2', '--no-symmetry', '--depth', '6', '--max-memory', '16M', '--workers', '1');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/# stopped at the 16 MiB memory budget \(\d+ MiB held, \d+ states\) while generating depth \d: depths 0–\d reached in full, \d+ of \d+ states of depth \d expanded/);
  }, 60_000);
});
