/** The runner's budget: a run stops before the statement over it, keeps what it did, says where. */
import { describe, expect, it } from 'vitest';
import { checkScenario, formatReport, MAX_STATEMENTS, parseScenario, runScenario } from '../../src/scn';

const text = ['design: upstream-5.8', 'iommu vtd', 'D = iommu_domain_alloc(pci)', ...Array.from({ length: 600 }, (_, i) => `iommu_map(D, 0x${((i + 1) * 4096).toString(16)}, 0x1000, 0x1000, 1) => 0`)].join('\n');

describe('run budget', () => {
  it('stops at the statement budget with the line reached, the results so far and one failure', () => {
    const { script } = parseScenario(text);
    const run = runScenario(script, 'upstream-5.8', { maxStatements: 100 });
    expect(run.entries).toHaveLength(100);
    expect(run.passed).toBe(98);
    expect(run.failed).toBe(1);
    expect(run.stopped).toEqual({ line: 102, col: 1, message: expect.stringContaining('stopped before line 102: the run reached its budget of 100 statements') });
    expect(run.errors).toContain(run.stopped);
  });

  it('stops when the caller says so, and the report prints it before the count line', () => {
    let asked = 0;
    const r = checkScenario('f.scn', text, undefined, { stop: () => (++asked >= 2 ? 'out of time' : null) });
    const out = formatReport([r]).split('\n');
    expect(out.at(-2)).toBe('f.scn:513:1: [upstream-5.8] stopped before line 513: out of time; the results above are those of the lines before it');
    expect(out.at(-1)).toBe('509 passed, 1 failed');
  });

  it('the default budget is 200,000 statements', () => {
    expect(MAX_STATEMENTS).toBe(200_000);
  });
});
