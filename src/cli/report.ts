/**
 * `npm run check -- FILE… --report`: the mail report of each file on stdout (src/cli/check.ts
 * only parses the flag). Exit status 1 when a file does not parse, else 0: a report is made to
 * show disagreements, so failed expectations are not an error here.
 */
import type { DesignId } from '../core';
import { parseScenario } from '../scn';
import { mailReport } from '../report/mail';
import { readScenarioFile } from './read-file';

export function printMailReports(files: readonly string[], design?: DesignId): number {
  let bad = false;
  files.forEach((f, i) => {
    const text = readScenarioFile(f);
    if (typeof text !== 'string') {
      process.stderr.write(`${f}:1:1: ${text.error}\n`);
      bad = true;
      return;
    }
    // One file at a time: a report is written before the next file is read.
    process.stdout.write((i ? '\n' : '') + mailReport(text, { file: f, designs: design && [design] }));
    if (parseScenario(text).errors.length > 0) bad = true;
  });
  return bad ? 1 : 0;
}
