/**
 * Conformance: every scenario under test/scenarios, under every design its header names, run
 * through the same runner as `npm run check`. A failure names the file, line, design and values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { designsFor, parseScenario, runScenario } from '../../src/scn/index';

const dir = import.meta.dirname;
const files = readdirSync(dir).filter((f) => f.endsWith('.scn')).sort();

describe('conformance scenarios', () => {
  it('exist for S1–S17 and the demos', () => {
    for (const n of ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17'])
      expect(files.some((f) => f.startsWith(`s${n}`))).toBe(true);
    expect(files).toContain('demo-v3-usage.scn');
  });

  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    const { script, errors } = parseScenario(text);
    it(`${file} parses`, () => expect(errors).toEqual([]));
    if (errors.length) continue;
    for (const design of designsFor(script)) {
      it(`${file} [${design}]`, () => {
        const run = runScenario(script, design);
        const failures = run.entries
          .filter((e) => e.ok === false || e.error)
          .map((e) => `${file}:${e.line}: [${design}] ${e.error ? e.error.message : `expected ${e.expected}, got ${e.got}`}`);
        expect(failures).toEqual([]);
        if (run.entries.some((e) => e.kind === "call")) expect(run.passed).toBeGreaterThan(0);
      });
    }
  }
});
