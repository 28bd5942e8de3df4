import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bigMachine, loopCalls } from './core';
import { applyCall, getDesign, type Step } from '../src/core/index';
setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const m0 = bigMachine(); const calls = loopCalls(m0).slice(0, 10000); const d = getDesign('upstream-5.8')!;
function measure(label: string, keep: (s: Step) => unknown) {
  gc(); gc();
  const a = process.memoryUsage().heapUsed;
  let m = m0; let prev: Step | undefined; const h: unknown[] = [];
  for (const c of calls) { const s = applyCall(d, m, c, prev); h.push(keep(s)); m = s.machine; prev = s; }
  gc(); gc();
  console.log(label, Math.round((process.memoryUsage().heapUsed - a) / h.length));
  h.length = 0;
}
measure('step', (s) => s);
measure('machine', (s) => s.machine);
measure('devs', (s) => s.machine.devs);
measure('domains', (s) => s.machine.domains);
measure('domain records', (s) => (s as any).journal.filter((_: unknown, i: number) => i % 3 === 2));
measure('groups', (s) => s.machine.groups);
measure('iommu', (s) => s.machine.iommu);
measure('journal', (s) => (s as any).journal);
