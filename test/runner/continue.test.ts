/**
 * A run continued from an earlier one (runScenarioSteps with `reuse`, what every edit does) is
 * the runner's "truncate and grow again": the first `keep` entries are the earlier run's, the
 * rest are run from the state after them. For random scripts cut anywhere and continued with
 * other statements (bindings among them), the continued run equals a run of the new script from
 * scratch in everything a view reads (machines, returns, logs, traces, changes, violations,
 * bindings), and the earlier run still reads as it did: continuing never writes into what it
 * reused. Traces are rebuilt on first read by making the call again (core/engine.ts LazyStep):
 * they are read late, out of order, after other steps', and must equal the first run's.
 * (This replaces the History tests of core/history.ts, removed with it: issue 22.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DesignId } from '../../src/core';
import { sharedPrefix } from '../../src/runner';
import { parseScenario, runScenario, runScenarioSteps } from '../../src/scn';
import { drain, plainRun } from './plain';

const HEAD = 'iommu vtd\npci P1 pasids=1048576 siov\npci P2 siov\nmdev m1 parent=P1\nmdev m2 parent=P2\ncontainer C\n';
const ALPHABET = [
  'D = iommu_domain_alloc(pci)',
  'E = iommu_domain_alloc(pci)',
  'iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX)',
  'iommu_aux_attach_device(D, P1)',
  'iommu_aux_detach_device(D, P1)',
  'iommu_attach_device(E, P2)',
  'iommu_detach_device(E, P2)',
  'iommu_map(E, 4096, 8192, 4096, 3)',
  'vfio_attach_group(C, G_m1)',
  'vfio_detach_group(C, G_m1)',
  'vfio_attach_group(C, G_m2)',
  'X = iommu_get_domain_for_dev(m1)',
  'iommu_domain_free(D)',
  'show D',
];
const stmts = fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 16 });

const DESIGNS: DesignId[] = ['upstream-5.8', 'v3-group-flag', 'pasid-6.x'];

describe('a run continued from an earlier one', () => {
  it.each(DESIGNS)('equals a run from scratch, after a cut anywhere and other statements (%s)', (design) => {
    fc.assert(
      fc.property(stmts, stmts, fc.nat(), fc.nat(), (first, second, cut, reads) => {
        const a = parseScenario(HEAD + first.join('\n') + '\n').script!;
        const prev = runScenario(a, design);
        const before = plainRun(prev, true);
        // Read some steps' traces first, so some are cached when the run is continued.
        prev.entries.forEach((e, i) => (i + reads) % 3 === 0 && void e.step?.trace);
        const k = cut % (first.length + 1);
        const b = parseScenario(HEAD + [...first.slice(0, k), ...second].join('\n') + '\n').script!;
        const keep = sharedPrefix(a, b);
        const cont = drain(runScenarioSteps(b, design, { prev, keep }));
        for (let i = 0; i < keep; i++) expect(cont.entries[i]).toBe(prev.entries[i]);
        expect(plainRun(cont, true)).toEqual(plainRun(runScenario(b, design), true));
        // The earlier run reads as it did: nothing reused was written to.
        expect(plainRun(prev, true)).toEqual(before);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 40), seed: Number(process.env.PROP_SEED ?? 20261207) },
    );
  }, 120_000);
});
