/** The browser search's default memory budget (src/ui/search-budget.ts): from what the page sees. */
import { describe, expect, it } from 'vitest';
import { budgetFrom, FALLBACK_BUDGET, MAX_BROWSER_BUDGET } from '../../src/ui/search-budget';

const MIB = 1024 * 1024;

describe('the browser search budget', () => {
  it('is a quarter of the heap limit Chrome reports, at most 1 GiB', () => {
    expect(budgetFrom({ heapLimit: 2048 * MIB })).toBe(512 * MIB);
    expect(budgetFrom({ heapLimit: 4096 * MIB })).toBe(MAX_BROWSER_BUDGET);
    expect(budgetFrom({ heapLimit: 16384 * MIB })).toBe(MAX_BROWSER_BUDGET);
  });
  it('an eighth of the device memory where that is all, the smaller where both are known', () => {
    expect(budgetFrom({ deviceGiB: 2 })).toBe(256 * MIB);
    expect(budgetFrom({ deviceGiB: 0.5 })).toBe(64 * MIB);
    expect(budgetFrom({ heapLimit: 4096 * MIB, deviceGiB: 4 })).toBe(512 * MIB);
  });
  it('512 MiB where the page sees neither', () => {
    expect(budgetFrom({})).toBe(FALLBACK_BUDGET);
    expect(budgetFrom({ heapLimit: 0, deviceGiB: undefined })).toBe(FALLBACK_BUDGET);
  });
});
