import { useShallow } from 'zustand/react/shallow';
import type { TraceNode } from '../../core';
import { kernelLog } from '../../derive/kernel-log';
import type { AppState } from '../../store';
import { selectFrame } from '../../store/selectors';
import { useApp } from '../store-context';
import { SourceLink } from './SourceLink';

const selectInputs = (s: AppState) => ({ frame: selectFrame(s) });
const isErr = (ret: string) => /^-E|ERR_PTR|OOPS|NULL$/.test(ret);

function Node({ t, stack }: { t: TraceNode; stack: readonly string[] }) {
  const here = [...stack, t.fn];
  return (
    <li>
      <span><SourceLink fn={t.fn} />({t.args.join(', ')})</span>
      {t.ret && <span className={`ret${isErr(t.ret) ? ' err' : ''}`}> = {t.ret}</span>}
      {t.log.map((l, i) => (
        <pre key={i} className={`log ${l.level}`} data-log-level={l.level}>
          {kernelLog(l, here).join('\n')}
        </pre>
      ))}
      {t.children.length > 0 && (
        <ul>
          {t.children.map((c, i) => <Node key={i} t={c} stack={here} />)}
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
        {e.shown && <pre>{Object.entries(e.shown).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join('\n')}</pre>}
      </div>
    );
  }
  return (
    <div className="trace">
      <div className="head">line {e.line}{e.expected ? ` · expected ${e.expected} · ${e.ok ? '✓ met' : '✗ not met'}` : ''}</div>
      <ul><Node t={e.step.trace} stack={[]} /></ul>
      {e.step.violations.map((v, i) => (
        <div key={i} className="violation" data-violation={v.code}>⚠ invariant {v.code}: {v.message}</div>
      ))}
    </div>
  );
}
