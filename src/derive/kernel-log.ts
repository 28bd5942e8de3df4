/**
 * Kernel log lines as dmesg prints them: a WARN with its `cut here` banner, CPU/PID line and
 * call trace; an OOPS with its call trace and end marker. Pure text, for the trace view.
 */
import type { LogLine, TraceNode } from '../core';

/** `WARNING: at <where>: <msg>` → where and msg (the core's form). */
function splitWarn(text: string): { where: string; msg: string } {
  const m = /^WARNING: at (\S+?):\s(.*)$/s.exec(text);
  if (!m) return { where: '', msg: text.replace(/^WARNING:\s*/, '') };
  // `drivers/iommu/intel/iommu.c:intel_iommu_disable_auxd` → file and function.
  return { where: m[1], msg: m[2] };
}

const callTrace = (stack: readonly string[]) => ['Call Trace:', ...[...stack].reverse().map((fn) => ` ${fn}+0x0/0x0`)];

export function kernelLog(line: LogLine, stack: readonly string[]): string[] {
  switch (line.level) {
    case 'WARN': {
      const { where, msg } = splitWarn(line.text);
      const [file, fn] = where.includes(':') ? [where.slice(0, where.indexOf(':')), where.slice(where.indexOf(':') + 1)] : [where, stack.at(-1) ?? ''];
      return [
        '------------[ cut here ]------------',
        `WARNING: CPU: 0 PID: 1 at ${file || 'drivers/iommu/iommu.c'} ${fn}+0x0/0x0`,
        msg,
        ...callTrace(stack),
        '---[ end trace 0000000000000000 ]---',
      ];
    }
    case 'OOPS': {
      const head = /^(general protection fault|BUG:|kernel BUG)/.test(line.text) ? line.text : `general protection fault: ${line.text}`;
      return [head, 'CPU: 0 PID: 1 Comm: playground Tainted: G      D', ...callTrace(stack), '---[ end trace 0000000000000000 ]---'];
    }
    case 'ERR':
      return [line.text];
    case 'INFO':
      return [line.text];
  }
}

/** Every log line of a trace tree with the kernel call stack it was printed under. */
export function logsWithStacks(t: TraceNode, stack: readonly string[] = []): { line: LogLine; stack: string[] }[] {
  const here = [...stack, t.fn];
  return [...t.log.map((line) => ({ line, stack: here })), ...t.children.flatMap((c) => logsWithStacks(c, here))];
}
