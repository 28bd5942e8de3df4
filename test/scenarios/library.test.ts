/**
 * The scenario library's inventory. Running the scenarios is the `npm run check -- src/scenarios`
 * stage of `npm test`, which counts every expectation once; this file only checks that the
 * library holds what the README promises and that every file parses, so a missing or broken
 * file is named here even when the CLI stage is not run.
 */
import { describe, expect, it } from 'vitest';
import { designsFor, parseScenario } from '../../src/scn/index';
import { libraryFiles, libraryText } from '../library';

const files = libraryFiles();

describe('scenario library', () => {
  it('holds S1–S17, S18 (documented only) and the three demos', () => {
    for (let n = 1; n <= 18; n++) expect(files.some((f) => f.startsWith(`s${String(n).padStart(2, '0')}`)), `S${n}`).toBe(true);
    for (const demo of ['demo-v3-usage.scn', 'demo-stale-group-flag.scn', 'demo-shared-domain-gpf.scn']) expect(files).toContain(demo);
  });

  it('every file parses, and every file with calls names at least one design', () => {
    const bad: string[] = [];
    for (const file of files) {
      const { script, errors } = parseScenario(libraryText(file));
      for (const e of errors) bad.push(`${file}:${e.line}:${e.col}: ${e.message}`);
      if (!errors.length && script.stmts.some((s) => s.kind === 'call') && designsFor(script).length === 0) bad.push(`${file}: no design`);
    }
    expect(bad).toEqual([]);
  });
});
