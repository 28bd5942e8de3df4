/**
 * The `npm run check` contract, end to end: the real CLI in a child process on temp files.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
let dir: string;

/** Runs the CLI from the repository root; paths in `args` are relative to the temp dir. */
function check(...args: string[]): { status: number | null; lines: string[]; stderr: string } {
  const r = spawnSync('npx', ['tsx', 'src/cli/check.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, lines: r.stdout.trimEnd().split('\n'), stderr: r.stderr };
}

const at = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scn-cli-'));
  mkdirSync(join(dir, 'lib', 'deep'), { recursive: true });
  writeFileSync(
    at('lib/good.scn'),
    `design: upstream-5.8, pasid-6.x
pci P1 pasids=1048576 siov
mdev m1 parent=P1
container C
iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => unsupported @pasid-6.x | 0
vfio_attach_group(C, G_m1) => 0
driver_get_domain(m1) => NULL @upstream-5.8 | C.d0
`,
  );
  writeFileSync(at('lib/deep/plain.scn'), 'pci V\niommu_group_id(G_V) => 0\n');
  writeFileSync(at('lib/notes.txt'), 'not a scenario(\n');
  writeFileSync(
    at('fails.scn'),
    'pci V\niommu_group_id(G_V) => 1\niommu_get_domain_for_dev(V) => NULL\n',
  );
  writeFileSync(
    at('typo.scn'),
    'pci V\niommu_group_id(G_V) => 0\n\niommu_get_domian_for_dev(V) => NULL\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run check', { timeout: 60_000 }, () => {
  it('exits 0 and ends with the totals when everything passes', () => {
    const r = check(at('lib/good.scn'));
    expect(r.lines).toEqual(['6 passed, 0 failed']);
    expect(r.status).toBe(0);
  });

  it('prints each failed expectation and a typo file as file:line:col, and exits 1', () => {
    const r = check(at('fails.scn'), at('typo.scn'), at('lib'));
    expect(r.lines).toEqual([
      `${at('fails.scn')}:2: [upstream-5.8] expected 1, got 0`,
      `${at('fails.scn')}:3: [upstream-5.8] expected NULL, got dma(G_V)`,
      `${at('typo.scn')}:4:1: unknown function 'iommu_get_domian_for_dev', did you mean 'iommu_get_domain_for_dev'?`,
      '7 passed, 3 failed',
    ]);
    expect(r.status).toBe(1);
  });

  it('walks directories for *.scn in name order', () => {
    const r = check('--design', 'pasid-6.x', at('lib'));
    // good.scn runs only pasid-6.x (its header lists it); deep/plain.scn has no header.
    expect(r.lines).toEqual(['4 passed, 0 failed']);
    expect(r.status).toBe(0);
  });

  it('lets --design pick the design of a file without a header, and skips a file whose header lacks it', () => {
    const r = check(at('fails.scn'), at('lib/good.scn'), '--design=driver-map');
    expect(r.lines).toEqual([
      `${at('fails.scn')}:2: [driver-map] expected 1, got 0`,
      `${at('fails.scn')}:3: [driver-map] expected NULL, got dma(G_V)`,
      `${at('lib/good.scn')}:1: skipped: the header lists upstream-5.8, pasid-6.x, not driver-map`,
      '0 passed, 2 failed, 1 skipped',
    ]);
    expect(r.status).toBe(1);
  });

  it('exits 0 when the only files not run were skipped', () => {
    const r = check('--design', 'driver-map', at('lib/good.scn'));
    expect(r.lines).toEqual([`${at('lib/good.scn')}:1: skipped: the header lists upstream-5.8, pasid-6.x, not driver-map`, '0 passed, 0 failed, 1 skipped']);
    expect(r.status).toBe(0);
  });

  it('exits 2 with the usage on a bad option, an unknown design or a missing path', () => {
    for (const args of [
      ['--frob', at('fails.scn')],
      ['--design', 'linux', at('fails.scn')],
      [at('nope.scn')],
      [],
    ]) {
      const r = check(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('usage: npm run check');
      expect(r.lines).toEqual(['']);
    }
  });
});
