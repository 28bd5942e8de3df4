import { describe, expect, it } from 'vitest';
import { kernelLog, logsWithStacks } from '../../src/derive/kernel-log';

describe('kernel log lines', () => {
  it('prints a WARN as dmesg does, with CPU/PID, file, function and call trace', () => {
    const out = kernelLog({ level: 'WARN', text: 'WARNING: at drivers/iommu/intel/iommu.c:intel_iommu_disable_auxd: WARN_ON(!info)' }, ['iommu_dev_disable_feature', 'intel_iommu_dev_disable_feat']);
    expect(out[0]).toBe('------------[ cut here ]------------');
    expect(out[1]).toBe('WARNING: CPU: 0 PID: 1 at drivers/iommu/intel/iommu.c intel_iommu_disable_auxd+0x0/0x0');
    expect(out[2]).toBe('WARN_ON(!info)');
    expect(out).toContain('Call Trace:');
    expect(out.indexOf(' intel_iommu_dev_disable_feat+0x0/0x0')).toBeLessThan(out.indexOf(' iommu_dev_disable_feature+0x0/0x0'));
  });
  it('keeps an OOPS headline and adds the trace', () => {
    const out = kernelLog({ level: 'OOPS', text: 'general protection fault, probably for non-canonical address 0xdead000000000108' }, ['iommu_aux_detach_device']);
    expect(out[0]).toMatch(/^general protection fault/);
    expect(out.at(-1)).toMatch(/end trace/);
  });
  it('collects every line with the stack it was printed under', () => {
    const t = { fn: 'a', args: [], ret: '0', log: [], children: [{ fn: 'b', args: [], ret: '0', children: [], log: [{ level: 'WARN' as const, text: 'x' }] }] };
    expect(logsWithStacks(t)).toEqual([{ line: { level: 'WARN', text: 'x' }, stack: ['a', 'b'] }]);
  });
});
