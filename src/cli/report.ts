/**
 * `npm run check -- FILE… --report`: the mail report of each file on stdout (src/cli/check.ts
 * only parses the flag). Exit status 1 when a file does not parse, else 0: a report is made to
 * show disagreements, so failed expectations are not an error here.
 */
import { readFileSync } from 'node:fs';
import type { DesignId } from '../core';
import { parseScenario } from '../scn';
import { mailReport } from '../report/mail';

export function printMailReports(files: readonly string[], design?: DesignId): number {
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  process.stdout.write(texts.map((t, i) => mailReport(t, { file: files[i], designs: design && [design] })).join('\n'));
  return texts.some((t) => parseScenario(t).errors.length > 0) ? 1 : 0;
}
