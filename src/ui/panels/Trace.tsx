import { useShallow } from 'zustand/react/shallow';
import type { Machine, TraceNode } from '../../core';
import { namedIn } from '../../derive/touch';
import { kernelLog } from '../../derive/kernel-log';
import type { AppState } from '../../store';
import { selectFrame } from '../../store/selectors';
import { useApp, useAppStore } from '../store-context';
import { linkProps } from '../linking';
import { SourceLink } from './SourceLink';

const selectInputs = (s: AppState) => ({ frame: selectFrame(s) });
const isErr = (ret: string) => /^-E|ERR_PTR|OOPS|NULL$/.test(ret);

/**
 * One kernel frame. Lines break only between arguments (each argument is one unbreakable
 * piece), so a name is never cut in the middle; hovered or focused, the frame highlights the
 * objects its arguments name in the graph.
 */
function Node({ t, stack, machine }: { t: TraceNode; stack: readonly string[]; machine: Machine }) {
  const store = useAppStore();
  const here = [...stack, t.fn];
  const n = t.args.length;
  return (
    <li>
      <span className="frame" tabIndex={0} data-trace-fn={t.fn} {...linkProps(store, 'trace', () => ({ ids: namedIn(t.args, machine), lines: [] }))}>
        <SourceLink fn={t.fn} />(
        {t.args.map((a, i) => (
          <span key={i}><span className="arg">{a}</span>{i < n - 1 ? ', ' : ''}</span>
        ))}
        ){t.ret && <span className={`ret${isErr(t.ret) ? ' err' : ''}`}> = {t.ret}</span>}
      </span>
      {t.log.map((l, i) => (
        <pre key={i} className={`log ${l.level}`} data-log-level={l.level}>
          {kernelLog(l, here).join('\n')}
        </pre>
      ))}
      {t.children.length > 0 && (
        <ul>
          {t.children.map((c, i) => <Node key={i} t={c} stack={here} machine={machine} />)}
        </ul>
      )}
    </li>
  );
}

/** The current step as its kernel call tree, with return values and dmesg-style WARN/OOPS lines. */
export function Trace() {
  const { frame } = useApp(useShallow(selectInputs));
  const e = frame.entry;
  if (!e) return <p className="hint" style={{ padding: 10, color: 'var(--muted)' }}>Step forward to see the kernel calls a statement makes.</p>;
  if (!e.step) {
    return (
      <div className="trace">
        <div className="head">line {e.line}: {e.text}</div>
        {e.got !== undefined && <div>= {e.got}{e.expected ? ` (expected ${e.expected})` : ''}</div>}
        {e.error && <div className="violation">✗ {e.error.message}</div>}
        {e.shown && <pre className="shown">{Object.entries(e.shown).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('\n')}</pre>}
      </div>
    );
  }
  return (
    <div className="trace">
      <div className="head">line {e.line}{e.expected ? ` · expected ${e.expected} · ${e.ok ? '✓ met' : '✗ not met'}` : ''}</div>
      <ul><Node t={e.step.trace} stack={[]} machine={e.machine} /></ul>
      {e.step.violations.map((v, i) => (
        <div key={i} className="violation" data-violation={v.code}>⚠ invariant {v.code}: {v.message}</div>
      ))}
    </div>
  );
}
