/**
 * Variants in the scenario language: `design:` headers and `| @design` alternatives accept
 * `design+option[=value]`, spelled canonically; a variant is held to its design's alternative
 * unless a line names the variant; `npm run check --design` takes a variant.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DesignId } from '../../src/core';
import { checkScenario, parseScenario, runScenario } from '../../src/scn';

const parse = (text: string) => parseScenario(text);

describe('variant names in a scenario', () => {
  it('the header takes variants and keeps them in canonical spelling', () => {
    const { script, errors } = parse('design: driver-map, driver-map+lookup-fail=stop+present-check, pasid-6.x+reuse=domain-pasid\npci P1\n');
    expect(errors).toEqual([]);
    expect(script.header!.designs).toEqual(['driver-map', 'driver-map+present-check=off+lookup-fail=stop', 'pasid-6.x+reuse=domain-pasid']);
  });

  it('a bad option is an error at the design, naming the valid options', () => {
    const { errors } = parse('design: upstream-5.8, driver-map+presence=off\n');
    expect(errors).toEqual([
      {
        line: 1,
        col: 23,
        message: "design 'driver-map' has no option 'presence' (options: present-check=on|off, get-pasid=records|domain, lookup-fail=continue|stop)",
      },
    ]);
    expect(parse('design: driver-map+present-check=maybe\n').errors[0].message).toBe("option 'present-check' of driver-map takes on|off, not 'maybe'");
    expect(parse('design: drivermap+present-check=off\n').errors[0].message).toMatch(/^unknown design 'drivermap' — did you mean 'driver-map'\?|^unknown design 'drivermap'/);
  });

  it('two spellings of one variant are listed twice', () => {
    const { errors } = parse('design: driver-map, driver-map+present-check=on\n');
    expect(errors[0].message).toBe("design 'driver-map' is listed twice");
  });

  it('alternatives name variants; a variant falls back to its design’s alternative, not to the catch-all', () => {
    const text = [
      'design: upstream-5.8, driver-map, driver-map+present-check=off, driver-map+lookup-fail=stop',
      'pci P1 pasids=1048576 siov',
      'iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0',
      'D = iommu_domain_alloc(pci)',
      'E = iommu_domain_alloc(pci)',
      'iommu_aux_attach_device(D, P1) => 0',
      'iommu_aux_detach_device(D, P1) => void',
      'iommu_aux_attach_device(E, P1) => 0',
      // driver-map+lookup-fail=stop is held to @driver-map (-EBUSY), not to the catch-all 0.
      'iommu_aux_attach_device(D, P1) => -EBUSY @driver-map | 0 @driver-map+present-check | 0',
    ].join('\n');
    const { script, errors } = parse(text);
    expect(errors).toEqual([]);
    const last = (d: DesignId) => runScenario(script, d).entries.at(-1)!;
    expect(last('upstream-5.8')).toMatchObject({ expected: '0', got: '0', ok: true });
    expect(last('driver-map')).toMatchObject({ expected: '-EBUSY', got: '-EBUSY', ok: true });
    expect(last('driver-map+present-check=off')).toMatchObject({ expected: '0', got: '0', ok: true });
    expect(last('driver-map+lookup-fail=stop')).toMatchObject({ expected: '-EBUSY', got: '-EBUSY', ok: true });
  });

  it('checkScenario --design runs a variant of a design the header lists, and skips others', () => {
    const text = 'design: driver-map\npci P1 pasids=1048576 siov\niommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0\n';
    const r = checkScenario('x.scn', text, 'driver-map+present-check=off');
    expect(r.errors).toEqual([]);
    expect(r.runs.map((x) => x.design)).toEqual(['driver-map+present-check=off']);
    const other = checkScenario('x.scn', text, 'domain-flag+lookup-fail=stop');
    expect(other.runs).toEqual([]);
    expect(other.skipped?.message).toBe('skipped: the header lists driver-map, not domain-flag+lookup-fail=stop');
  });
});

/**
 * lookup-fail: m1's lookup fails at detach time (its iommu_device was cleared). `continue`
 * (Alex on v4) still detaches m2's parent P2; `stop` (v4 2/5 as posted) leaves P2 attached.
 */
const LOOKUP_FAIL = `design: driver-map, driver-map+lookup-fail=stop
pci P1 pasids=1048576 siov
pci P2 pasids=1048576 siov
mdev m1 parent=P1 group=Gm
mdev m2 parent=P2 group=Gm
iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0
iommu_dev_enable_feature(P2, IOMMU_DEV_FEAT_AUX) => 0
D = iommu_domain_alloc(pci)
iommu_attach_subdev_group(D, Gm) => 0
iommu_aux_get_pasid(D, P2) => 1
mdev_set_iommu_device(m1, NULL) => 0
iommu_detach_subdev_group(D, Gm) => void
iommu_aux_get_pasid(D, P2) => -EINVAL @driver-map | 1 @driver-map+lookup-fail=stop
`;

describe('known answer: driver-map+lookup-fail=stop', () => {
  it('differs from driver-map exactly where a lookup fails in the middle of a group detach', () => {
    const r = checkScenario('lookup-fail.scn', LOOKUP_FAIL);
    expect(r.errors).toEqual([]);
    for (const run of r.runs) expect({ design: run.design, failed: run.failed }).toEqual({ design: run.design, failed: 0 });
    const [cont, stop] = r.runs;
    expect(cont.entries.at(-1)!.got).toBe('-EINVAL');
    expect(stop.entries.at(-1)!.got).toBe('1');
  });

  it('domain-flag+lookup-fail=stop leaves P2’s PASID entry programmed; domain-flag tears it down', () => {
    const text = LOOKUP_FAIL.replace('design: driver-map, driver-map+lookup-fail=stop', 'design: domain-flag, domain-flag+lookup-fail=stop').replace(/ => -EINVAL.*$/m, '');
    const { script } = parse(text);
    const p2 = (d: DesignId) => {
      const m = runScenario(script, d).entries.at(-1)!.machine;
      return Object.keys(m.devs.toArray().find((x) => x.name === 'P2')!.pasid_table);
    };
    expect(p2('domain-flag')).toEqual(['0']);
    expect(p2('domain-flag+lookup-fail=stop')).toEqual(['0', '1']);
  });
});

describe('npm run check --design with a variant', () => {
  const ROOT = resolve(__dirname, '../..');
  const run = (...args: string[]) => spawnSync('npx', ['tsx', 'src/cli/check.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('runs the variant under the header’s design and exits 2 naming a bad option', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scn-variant-'));
    writeFileSync(join(dir, 'lf.scn'), LOOKUP_FAIL.replace(', driver-map+lookup-fail=stop', '').replace(' | 1 @driver-map+lookup-fail=stop', ''));
    const ok = run(join(dir, 'lf.scn'), '--design', 'driver-map+lookup-fail');
    // The variant is held to driver-map's expectation on the last line and fails there.
    expect(ok.stdout).toContain('lf.scn:13: [driver-map+lookup-fail=stop] expected -EINVAL, got 1');
    expect(ok.status).toBe(1);
    const bad = run(join(dir, 'lf.scn'), '--design', 'driver-map+lookup=stop');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("check: design 'driver-map' has no option 'lookup' (options: present-check=on|off, get-pasid=records|domain, lookup-fail=continue|stop)");
  }, 60_000);
});
