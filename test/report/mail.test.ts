/**
 * The mail report: golden files for the library's demos (regenerate with UPDATE_GOLDEN=1 after
 * a deliberate change, and read the diff), the mail rules on every library scenario, and the
 * scenario it quotes still parsing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mailReport } from '../../src/report/mail';
import { parseScenario, runScenario } from '../../src/scn';
import { libraryFiles, libraryPath, libraryText } from '../library';

const GOLDEN = join(__dirname, 'golden');
const library = libraryFiles();
const demos = library.filter((f) => f.startsWith('demo-'));
const read = libraryText;
const report = (f: string) => mailReport(read(f), { file: libraryPath(f) });

/** The quoted scenario: the lines between `Scenario:` and `Results`, de-indented. */
function quoted(r: string): string {
  const lines = r.split('\n');
  const from = lines.indexOf('Scenario:') + 2;
  const to = lines.findIndex((l, i) => i > from && l.startsWith('Results'));
  return lines.slice(from, to).map((l) => l.replace(/^ {4}/, '')).join('\n');
}

describe('mail report: golden demos', () => {
  expect(demos.length).toBeGreaterThanOrEqual(3);
  for (const f of demos) {
    it(f, () => {
      const golden = join(GOLDEN, f.replace(/\.scn$/, '.txt'));
      const r = report(f);
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden, r);
      expect(r).toBe(readFileSync(golden, 'utf8'));
    });
  }
});

describe('mail report: plain text for every library scenario', () => {
  for (const f of library) {
    it(f, () => {
      const r = report(f);
      expect(r.endsWith('\n')).toBe(true);
      const bad = r.split('\n').flatMap((l, i) => {
        const why = [];
        if ([...l].length > 72) why.push(`${[...l].length} columns`);
        if (l.includes('\t')) why.push('a tab');
        if (/\s$/.test(l)) why.push('trailing blank');
        if (/[^\x20-\x7e]/.test(l)) why.push('non-ASCII');
        return why.length ? [`line ${i + 1} (${why.join(', ')}): ${l}`] : [];
      });
      expect(bad).toEqual([]);
      expect(report(f)).toBe(r); // stable
    });
  }

  it('quotes the scenario so that it still parses, with every statement', () => {
    for (const f of library) {
      const orig = parseScenario(read(f)).script!;
      const again = parseScenario(quoted(report(f)));
      expect(again.errors, f).toEqual([]);
      const kinds = (s: typeof orig) => s.stmts.filter((x) => x.kind !== 'note').map((x) => x.kind);
      expect(kinds(again.script!), f).toEqual(kinds(orig));
    }
  });
});

describe('mail report: content', () => {
  it('reports the runs it is given (the page passes the runner\'s) and runs only the others', () => {
    const text = read('demo-stale-group-flag.scn');
    const { script } = parseScenario(text);
    const designs = ['upstream-5.8', 'v3-group-flag'] as const;
    const own = mailReport(text, { designs: [...designs] });
    const same = Object.fromEntries(designs.map((d) => [d, runScenario(script!, d)]));
    expect(mailReport(text, { designs: [...designs], runs: same })).toBe(own);
    // A given run is used as it is: here v3-group-flag's slot holds upstream's run, so nothing differs.
    const swapped = { 'v3-group-flag': runScenario(script!, 'upstream-5.8') };
    expect(mailReport(text, { designs: [...designs], runs: swapped })).not.toBe(own);
  });
  it('names the first divergence with its reason and trims the trace to what differs', () => {
    const r = report('demo-shared-domain-gpf.scn');
    expect(r).toContain('First divergence: step 20 (line 48):\n    iommu_aux_detach_device(D, P2)\n');
    expect(r).toContain('Reason: returns OOPS @upstream-5.8,v3-group-flag,domain-flag | void\n        @driver-map\n');
    // The three designs that crash share one trace; driver-map's shows its PASID put.
    expect(r).toMatch(/ {2}upstream-5\.8, v3-group-flag, domain-flag:\n {4}iommu_aux_detach_device\(D, P2\) = OOPS/);
    expect(r).toMatch(/ {2}driver-map:\n[\s\S]* {8}ioasid_put\(1\) = void/);
  });

  it('leaves out frames every design shares', () => {
    const r = report('demo-v3-usage.scn');
    // The vfio.c layer (vfio_group_set_container) and type1 frames every design shares.
    expect(r).toMatch(/\(6 frames the\s+same under every design left out\)/);
    expect(r).not.toMatch(/^\s+vfio_iommu_type1_attach_group/m);
  });

  it('marks divergent rows and puts values side by side under the design letters', () => {
    const r = report('demo-v3-usage.scn');
    expect(r).toMatch(/^\*3 driver_get_domain\(m1\) +NULL +C\.d0 +C\.d0 +C\.d0 +C\.d0$/m);
    expect(r).toMatch(/^ 1 iommu_dev_enable_feature\(P1, IOMMU_DEV_FEAT_AUX\)\n +0 +0 +0 +0 +n\/a$/m);
  });

  it('says so when the designs agree, and lists parse errors instead of results', () => {
    const same = mailReport('design: upstream-5.8, v3-group-flag\npci P1\niommu_group_id(G_P1) => 0\n');
    expect(same).toContain('No divergence: the designs agree at every step (observable).');
    const broken = mailReport('# broken\npci P1\niommu_group_id(G_P1 => 0\n');
    expect(broken).toMatch(/^IOMMU Playground: broken\n\nThe scenario does not parse:\n {2}line 3:/);
  });
});
