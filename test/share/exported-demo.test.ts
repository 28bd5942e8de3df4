/**
 * Repro exported from the IOMMU Playground: runs the scenario below through the project's
 * runner (src/scn) under every design its `design:` line names (else upstream-5.8) and fails
 * on any syntax error, runtime error or unmet expectation.
 * Save it as test/repro/<name>.test.ts and run: npx vitest run test/repro
 */
import { describe, expect, it } from 'vitest';
import { designsFor, parseScenario, runScenario } from '../../src/scn/index';

const SCENARIO = "# The usage scenario from the v3 3/4 commit message: \"which domain and PASID is my mdev in?\"\n## The vendor driver holds m1 and asks for its aux domain and PASID. Upstream v5.8 has no\n## answer (NULL, -ENODEV), which is why the series exists; every other design answers.\ndesign: upstream-5.8, v3-group-flag, domain-flag, driver-map, pasid-6.x\npci P1 pasids=1048576 siov\nmdev m1 parent=P1\ncontainer C\niommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => unsupported @pasid-6.x | 0\nvfio_attach_group(C, G_m1) => 0\ndriver_get_domain(m1) => NULL @upstream-5.8 | C.d0\ndriver_get_pasid(m1) => -ENODEV @upstream-5.8 | 1\n";

describe("repro: The usage scenario from the v3 3/4 commit message: \"which domain and PASID is my mdev in?\"", () => {
  const { script, errors } = parseScenario(SCENARIO);
  it('parses', () => expect(errors).toEqual([]));
  for (const design of designsFor(script, "upstream-5.8" as Parameters<typeof designsFor>[1])) {
    it(`meets its expectations under ${design}`, () => {
      const run = runScenario(script, design);
      const failures = run.entries
        .filter((e) => e.ok === false || e.error)
        .map((e) => `line ${e.line}: ${e.text}: ${e.error ? e.error.message : `expected ${e.expected}, got ${e.got}`}`);
      expect(failures).toEqual([]);
    });
  }
});
