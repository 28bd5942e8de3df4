/**
 * The examples in docs/scenario-format.md are scenarios: they must parse and pass under every
 * design they name, so the user docs cannot drift from what the runner does.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { checkScenario, formatReport } from '../../src/scn';

const doc = readFileSync(resolve(__dirname, '../../docs/scenario-format.md'), 'utf8');

/** The indented code blocks after the "## Examples" heading. */
function examples(): string[] {
  const section = doc.slice(doc.indexOf('\n## Examples'));
  const blocks: string[] = [];
  const cur: string[] = [];
  for (const line of section.split('\n')) {
    if (line.startsWith('    ')) cur.push(line.slice(4));
    else if (line.trim() !== '' && cur.length) blocks.push(cur.splice(0).join('\n'));
  }
  if (cur.length) blocks.push(cur.join('\n'));
  return blocks;
}

it('has three examples', () => {
  expect(examples()).toHaveLength(3);
});

it.each(examples().map((text, i) => [i + 1, text]))('example %i passes', (_i, text) => {
  const report = checkScenario('example.scn', text);
  expect(formatReport([report])).toMatch(/^(.*\n)*\d+ passed, 0 failed$/);
  expect(report.runs.length).toBeGreaterThan(0);
});
