#!/usr/bin/env node
// npm run mutate: StrykerJS over the code whose tests must be able to fail, one group at a time.
// Each group mutates a few files and runs only the tests that cover them: one run over all files
// with every test timed out in its dry run on two shared cores (docs/testing.md). Each group
// writes reports/mutation/<group>.{json,html} and keeps an incremental file, so a second run
// re-tests only the mutants whose code or tests changed. The table at the end is what
// docs/testing.md records.
//
//   npm run mutate                 every group
//   npm run mutate -- runner dr    the named groups
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** group → [files to mutate, tests that cover them] */
const GROUPS = {
  invariants: [['src/core/invariants.ts'], ['test/core/invariants*.test.ts', 'test/core/violations-order.test.ts', 'test/core/property.test.ts']],
  engine: [['src/core/engine.ts'], ['test/core/engine.test.ts', 'test/core/rare-calls.test.ts', 'test/core/records.test.ts', 'test/core/property.test.ts', 'test/core/variants.test.ts']],
  runner: [['src/runner/**/*.ts', '!src/runner/run.worker.ts', '!src/runner/worker-host.ts'], ['test/runner/**/*.test.ts']],
  dr: [['src/compare/diverge.ts', 'src/search/replay.ts'], ['test/compare/pure.test.ts', 'test/compare/one-level.test.ts', 'test/search/search.test.ts', 'test/search/known-answers.test.ts', 'test/search/replay.test.ts']],
};

const base = JSON.parse(readFileSync('stryker.config.json', 'utf8'));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const w of wanted) if (!(w in GROUPS)) throw new Error(`npm run mutate: no group "${w}" (groups: ${Object.keys(GROUPS).join(', ')})`);
mkdirSync('reports/mutation', { recursive: true });

const rows = [];
for (const [name, [mutate, tests]] of Object.entries(GROUPS)) {
  if (wanted.length && !wanted.includes(name)) continue;
  const conf = `.stryker-${name}.json`;
  writeFileSync(
    conf,
    JSON.stringify({
      ...base,
      mutate,
      reporters: ['clear-text', 'json', 'html'],
      incrementalFile: `reports/stryker-incremental-${name}.json`,
      jsonReporter: { fileName: `reports/mutation/${name}.json` },
      htmlReporter: { fileName: `reports/mutation/${name}.html` },
      tempDirName: `.stryker-tmp-${name}`,
    }),
  );
  const r = spawnSync('npx', ['stryker', 'run', conf], { stdio: 'inherit', env: { ...process.env, STRYKER_TESTS: tests.join(',') } });
  rmSync(conf, { force: true });
  if (r.status !== 0) throw new Error(`npm run mutate: group ${name} failed (exit ${r.status})`);
  const report = `reports/mutation/${name}.json`;
  if (!existsSync(report)) continue;
  for (const [file, f] of Object.entries(JSON.parse(readFileSync(report, 'utf8')).files)) {
    const n = (s) => f.mutants.filter((m) => s.includes(m.status)).length;
    const killed = n(['Killed', 'Timeout']);
    const live = n(['Survived', 'NoCoverage']);
    rows.push({ file, killed, live, score: killed + live ? (100 * killed) / (killed + live) : 100 });
  }
}

const all = rows.reduce((a, r) => ({ killed: a.killed + r.killed, live: a.live + r.live }), { killed: 0, live: 0 });
console.log('\nfile | killed (incl. timeouts) | survived + no coverage | score');
for (const r of rows) console.log(`${r.file} | ${r.killed} | ${r.live} | ${r.score.toFixed(1)} %`);
if (rows.length) console.log(`all | ${all.killed} | ${all.live} | ${((100 * all.killed) / (all.killed + all.live)).toFixed(1)} %`);
