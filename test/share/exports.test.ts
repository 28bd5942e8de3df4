import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { runToKernelLog, scenarioToVitest, slug, titleOf } from '../../src/share';
import { parseScenario, runScenario } from '../../src/scn';
import { libraryText } from '../library';

const demo = libraryText('demo-v3-usage.scn');
const gpf = libraryText('demo-shared-domain-gpf.scn');
const stale = libraryText('demo-stale-group-flag.scn');

describe('kernel log export', () => {
  it('prints one timestamped line per statement with its result, deterministically', () => {
    const run = runScenario(parseScenario(demo).script, 'upstream-5.8');
    const log = runToKernelLog(run, { title: titleOf(demo) });
    expect(log).toBe(runToKernelLog(runScenario(parseScenario(demo).script, 'upstream-5.8'), { title: titleOf(demo) }));
    const lines = log.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^\[ {4}0\.\d{6}\] /);
    expect(lines[0]).toContain('under design upstream-5.8');
    expect(log).toContain('] scn:10: driver_get_domain(m1) = NULL (expected NULL: met)');
    expect(lines.at(-1)).toMatch(/\d+ passed, \d+ failed$/);
  });
  it('includes WARN banners with their call trace as dmesg prints them', () => {
    const run = runScenario(parseScenario(stale).script, 'v3-group-flag');
    const lines = runToKernelLog(run, { title: titleOf(stale) }).split('\n').map((l) => l.replace(/^\[[ \d.]+\] /, ''));
    const cut = lines.indexOf('------------[ cut here ]------------');
    expect(cut).toBeGreaterThan(0);
    expect(lines[cut + 1]).toMatch(/^WARNING: CPU: 0 PID: 1 at drivers\/iommu\/iommu\.c iommu_aux_detach_group\+0x0\/0x0$/);
    const trace = lines.indexOf('Call Trace:', cut);
    expect(trace).toBeGreaterThan(cut);
    expect(lines[trace + 1]).toBe(' iommu_aux_detach_group+0x0/0x0');
    expect(lines.indexOf('---[ end trace 0000000000000000 ]---', trace)).toBeGreaterThan(trace);
  });
  it('includes an OOPS as a general protection fault with its call trace', () => {
    const run = runScenario(parseScenario(gpf).script, 'upstream-5.8');
    const lines = runToKernelLog(run, { title: titleOf(gpf) }).split('\n').map((l) => l.replace(/^\[[ \d.]+\] /, ''));
    const oops = lines.findIndex((l) => l.startsWith('general protection fault'));
    expect(oops).toBeGreaterThan(0);
    expect(lines[oops]).toContain('RIP: intel_iommu_aux_detach_device');
    expect(lines.indexOf('Call Trace:', oops)).toBeGreaterThan(oops);
  });
});

describe('vitest export', () => {
  it('matches the committed export of the demo, which runs in this suite (exported-demo.test.ts)', () => {
    const golden = readFileSync(new URL('./exported-demo.test.ts', import.meta.url), 'utf8');
    expect(scenarioToVitest(demo, { title: titleOf(demo), design: 'upstream-5.8' })).toBe(golden);
  });
  it('embeds any text safely as a string literal', () => {
    const evil = '`${process.exit(1)}` */ "\\ \u2028';
    const out = scenarioToVitest(evil, { title: '*/ bad', design: 'upstream-5.8' });
    const literal = /const SCENARIO = ([^\n]*);\n/.exec(out)![1];
    expect(JSON.parse(literal)).toBe(evil);
  });
  it('slugs titles for file names', () => {
    expect(slug('The usage scenario from the v3 3/4 commit message: "which domain"')).toBe('the-usage-scenario-from-the-v3-3-4-commit-message-which-doma');
    expect(slug('!!!')).toBe('scenario');
  });
});
