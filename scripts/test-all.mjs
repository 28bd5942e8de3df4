#!/usr/bin/env node
// The README's test command: every stage (typecheck, lint, layer rules, unit/property/scenario tests, fuzz, the
// scenario CLI, end-to-end tests in Chromium), then one plain line `N passed, N failed` totalling
// all of them, which is what CI reads. Each stage's own output is kept.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const skipE2e = process.argv.includes('--no-e2e');
const tmp = mkdtempSync(join(tmpdir(), 'iommu-pg-test-'));
const totals = { passed: 0, failed: 0 };
const summary = [];

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0', ...env } });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  return r;
}

/** A stage that is one check: it passes or fails as a whole. */
function single(name, cmd, args) {
  const r = run(cmd, args);
  const ok = r.status === 0;
  totals[ok ? 'passed' : 'failed']++;
  summary.push(`${name}: ${ok ? 'ok' : 'FAILED'}`);
}

/** A stage whose runner reports per-test counts in a JSON file. */
function counted(name, cmd, args, file, read, env = {}) {
  const r = run(cmd, args, env);
  let p = 0;
  let f = 0;
  if (existsSync(file)) [p, f] = read(JSON.parse(readFileSync(file, 'utf8')));
  if (r.status !== 0 && f === 0) f = 1; // the runner failed without a failing test: count the stage
  totals.passed += p;
  totals.failed += f;
  summary.push(`${name}: ${p} passed, ${f} failed`);
}

single('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
single('typecheck (core, no DOM)', 'npx', ['tsc', '--noEmit', '-p', 'src/core/tsconfig.json']);
single('typecheck (pure layers, no DOM)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.pure.json']);
single('lint', 'npx', ['eslint', '.']);
// What each layer may import: docs/architecture.md's table, as dependency-cruiser rules.
single('layer rules (dependency-cruiser)', 'npx', ['depcruise', 'src', '--config', '.dependency-cruiser.cjs']);

const vjson = join(tmp, 'vitest.json');
counted('unit, property and scenario tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vjson}`], vjson,
  (j) => [j.numPassedTests ?? 0, j.numFailedTests ?? 0]);

// The fuzz stage: seeded fast-check runs over .scn text, links and files, each case under a time
// and heap bound (test/fuzz, docs/testing.md "Fuzzing"); its tests are counted here, once.
const fjson = join(tmp, 'fuzz.json');
counted('fuzz (seeded, test/fuzz)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${fjson}`], fjson,
  (j) => [j.numPassedTests ?? 0, j.numFailedTests ?? 0], { FUZZ: '1' });

// The scenario CLI itself, on the conformance scenarios: its own last line is `N passed, N failed`.
{
  const r = run('npx', ['tsx', 'src/cli/check.ts', 'src/scenarios']);
  const m = /(\d+) passed, (\d+) failed\s*$/.exec(r.stdout ?? '');
  const p = m ? Number(m[1]) : 0;
  const f = m ? Number(m[2]) : 1;
  totals.passed += p;
  totals.failed += f + (r.status !== 0 && f === 0 ? 1 : 0);
  summary.push(`npm run check -- src/scenarios: ${p} passed, ${f} failed`);
}

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!skipE2e && !existsSync(chromium)) {
  console.error(`end-to-end: no Chromium at ${chromium}; install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  totals.failed++;
  summary.push('end-to-end (Playwright, Chromium): not run, Chromium missing');
} else if (!skipE2e) {
  const pjson = join(tmp, 'playwright.json');
  counted('end-to-end (Playwright, Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], pjson,
    // No retries are configured; should one ever pass only on a retry, it counts as failed.
    (j) => [j.stats?.expected ?? 0, (j.stats?.unexpected ?? 0) + (j.stats?.flaky ?? 0)], { PLAYWRIGHT_JSON_OUTPUT_NAME: pjson });
}

console.log('\n' + summary.map((s) => `  ${s}`).join('\n'));
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed ? 1 : 0);
