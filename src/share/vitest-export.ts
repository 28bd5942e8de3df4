/**
 * A scenario as a vitest test file that runs it through the project's runner under each design
 * its header names (the same check `npm run check` makes).
 * Save it under test/ (two levels down, e.g. test/repro/) and run `npx vitest run <file>`.
 * Pure: the scenario is embedded as a JSON string literal, so no text can break out of it.
 */
export interface VitestMeta {
  readonly title: string;
  /** Used when the scenario has no `design:` line. */
  readonly design: string;
  /** Import path of src/scn from where the file will be saved. */
  readonly scnImport?: string;
}

export function scenarioToVitest(text: string, meta: VitestMeta): string {
  const title = meta.title.replace(/\s+/g, ' ').trim() || 'scenario';
  return `/**
 * Repro exported from the IOMMU Playground: runs the scenario below through the project's
 * runner (src/scn) under every design its \`design:\` line names (else ${meta.design}) and fails
 * on any syntax error, runtime error or unmet expectation.
 * Save it as test/repro/<name>.test.ts and run: npx vitest run test/repro
 */
import { describe, expect, it } from 'vitest';
import { designsFor, parseScenario, runScenario } from '${meta.scnImport ?? '../../src/scn/index'}';

const SCENARIO = ${JSON.stringify(text)};

describe(${JSON.stringify(`repro: ${title}`)}, () => {
  const { script, errors } = parseScenario(SCENARIO);
  it('parses', () => expect(errors).toEqual([]));
  for (const design of designsFor(script, ${JSON.stringify(meta.design)} as Parameters<typeof designsFor>[1])) {
    it(\`meets its expectations under \${design}\`, () => {
      const run = runScenario(script, design);
      const failures = run.entries
        .filter((e) => e.ok === false || e.error)
        .map((e) => \`line \${e.line}: \${e.text}: \${e.error ? e.error.message : \`expected \${e.expected}, got \${e.got}\`}\`);
      expect(failures).toEqual([]);
    });
  }
});
`;
}

/** A file name from a title: lower case, dashes, at most 60 characters. */
export function slug(title: string, fallback = 'scenario'): string {
  const s = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return s || fallback;
}
