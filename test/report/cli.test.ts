/** `npm run check -- FILE --report` prints the same report as the library function. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { libraryPath } from '../library';

const ROOT = resolve(__dirname, '../..');

it('check --report prints the golden report and exits 0', { timeout: 60_000 }, () => {
  const r = spawnSync('npx', ['tsx', 'src/cli/check.ts', libraryPath('demo-v3-usage.scn'), '--report'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(readFileSync(resolve(__dirname, 'golden/demo-v3-usage.txt'), 'utf8'));
});
