/**
 * `npm run check` on what is not a scenario file, and on a run that hits its budget: a clear
 * message naming the file or the line, the results so far, the count line, a non-zero exit.
 * (`check /dev/zero` used to read forever and abort, printing nothing.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScenarioFile } from '../../src/cli/read-file';

const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const check = (...args: string[]) => spawnSync(tsx, [join(import.meta.dirname, '..', '..', 'src', 'cli', 'check.ts'), ...args], { encoding: 'utf8', timeout: 60_000 });

describe('check: files it refuses, runs it stops', () => {
  it('refuses a character device with a message, and still prints the count line', () => {
    const r = check('/dev/zero');
    expect(r.stdout).toContain('/dev/zero:1:1: cannot read: /dev/zero is a character device');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed');
    expect(r.status).toBe(1);
  }, 60_000);

  it('readScenarioFile: a directory and a FIFO are refused, a regular file read whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scn-'));
    expect(readScenarioFile(dir)).toEqual({ error: expect.stringContaining('is a directory') });
    const f = join(dir, 'a.scn');
    writeFileSync(f, '\ufeffiommu vtd\n');
    expect(readScenarioFile(f)).toBe('\ufeffiommu vtd\n');
    const fifo = join(dir, 'p');
    if (spawnSync('mkfifo', [fifo]).status === 0) expect(readScenarioFile(fifo)).toEqual({ error: expect.stringContaining('FIFO') });
  });

  it('a run over its time budget stops with the line reached and the count line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scn-'));
    const f = join(dir, 'long.scn');
    const lines = ['design: upstream-5.8', 'iommu vtd', 'D = iommu_domain_alloc(pci)'];
    for (let i = 0; i < 20_000; i++) lines.push(`iommu_map(D, 0x${((i + 1) * 4096).toString(16)}, 0x1000, 0x1000, IOMMU_READ) => 0`);
    writeFileSync(f, lines.join('\n'));
    const r = check(f, '--time-limit', '0.001');
    expect(r.stdout).toMatch(/long\.scn:\d+:1: \[upstream-5\.8\] stopped before line \d+: the run reached its time limit of 0\.001 s/);
    const count = r.stdout.trimEnd().split('\n').at(-1)!;
    expect(count).toMatch(/^\d+ passed, 1 failed$/);
    expect(Number(count.split(' ')[0])).toBeGreaterThan(0);
    expect(r.status).toBe(1);
  }, 60_000);
});
