/**
 * A run as plain text in the style of the kernel log (dmesg): one timestamped line per
 * statement, the WARN/OOPS/ERR/INFO lines each call printed (with `cut here` banners and call
 * traces, as the trace view shows them) and the invariant violations. Timestamps are
 * deterministic (statement n is at n ms), so two exports of one run are byte-identical and
 * diff well between designs. Pure.
 */
import { kernelLog, logsWithStacks } from '../derive/kernel-log';
import type { Run, RunEntry } from '../scn';

const stamp = (ms: number) => {
  const s = Math.floor(ms / 1000);
  return `[${String(s).padStart(5, ' ')}.${String((ms % 1000) * 1000).padStart(6, '0')}] `;
};

function statementLine(e: RunEntry): string {
  let line = `scn:${e.line}: ${e.text.replace(/\s*=>[\s\S]*$/, '')}`;
  if (e.got !== undefined) line += ` = ${e.got}`;
  if (e.error) line += ` (error: ${e.error.message})`;
  else if (e.expected !== undefined) line += e.ok ? ` (expected ${e.expected}: met)` : ` (expected ${e.expected}: NOT MET)`;
  return line;
}

export interface LogMeta {
  /** What the scenario is called (its first comment line, or a file name). */
  readonly title: string;
}

export function runToKernelLog(run: Run, meta: LogMeta): string {
  const out: string[] = [];
  let ms = 0;
  const put = (text: string) => {
    for (const l of text.split('\n')) out.push(stamp(ms) + l);
  };
  put(`iommu-playground: ${meta.title ? `"${meta.title}" ` : ''}under design ${run.design}`);
  for (const e of run.entries) {
    if (e.kind === 'decl') continue;
    ms += 1;
    put(statementLine(e));
    if (e.step) {
      for (const { line, stack } of logsWithStacks(e.step.trace)) put(kernelLog(line, stack).join('\n'));
      for (const v of e.step.violations) put(`iommu-playground: invariant ${v.code} violated: ${v.message}`);
    }
    if (e.shown) for (const [k, v] of Object.entries(e.shown)) put(`  ${k} = ${JSON.stringify(v)}`);
  }
  ms += 1;
  put(`iommu-playground: ${run.passed} passed, ${run.failed} failed`);
  return out.join('\n') + '\n';
}
