/**
 * "What changed": the current step's effect in words — the objects it created, freed and
 * changed (each field's old → new) and the edges it added and removed. Each entry selects its
 * object (an edge: both ends) and, hovered or focused, highlights it in the graph.
 */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { stepChangesOf, type ObjectDelta } from '../../derive/step-changes';
import type { GraphEdge } from '../../derive/graph-types';
import { edgeText } from '../graph/draw-svg';
import type { AppState } from '../../store';
import { frameAt, graphAt, selectRun } from '../../store/selectors';
import { useApp, useAppStore } from '../store-context';

/** Above this many entries in one list, the rest is counted (a step of a generated scenario may touch thousands). */
const MAX_LIST = 400;

const selectInputs = (s: AppState) => ({ run: selectRun(s), cursor: s.cursor, engine: s.engine });

/**
 * The statement without its expectation: "f(m1) => -ENODEV @upstream-5.8 | 1 returned 1" read as
 * if it returned -ENODEV. The expectation is the timeline's and the trace's to show.
 */
export const callOnly = (text: string): string => text.split(/\s*=>/, 1)[0].trim();

export function WhatChanged() {
  const store = useAppStore();
  const { run, cursor, engine } = useApp(useShallow(selectInputs));
  const frame = frameAt(run, cursor);
  const changes = useMemo(() => {
    if (!run || cursor === 0) return null;
    const design = engine.design(run.design);
    const prev = frameAt(run, cursor - 1);
    return stepChangesOf({ graph: graphAt(run, design, cursor - 1), machine: prev.machine! }, { graph: graphAt(run, design, cursor), machine: frame.machine!, step: frame.step });
  }, [run, cursor, engine, frame]);

  const select = (ids: string[]) => store.getState().setSelection(ids);
  const link = (ids: string[]) => ({
    onMouseEnter: () => store.getState().setLinked({ from: 'changes', ids, lines: [] }),
    onMouseLeave: () => store.getState().setLinked(null, 'changes'),
    onFocus: () => store.getState().setLinked({ from: 'changes', ids, lines: [] }),
    onBlur: () => store.getState().setLinked(null, 'changes'),
  });
  const objects = (title: string, sign: string, list: readonly ObjectDelta[], cls: string) =>
    list.length > 0 && (
      <div className={`chg-group ${cls}`}>
        <h3>{title} ({list.length})</h3>
        <ul>
          {list.slice(0, MAX_LIST).map((o) => (
            <li key={o.id}>
              <button type="button" className="chg-obj" data-select-id={o.id} onClick={() => select([o.id])} {...link([o.id])}>
                <span className="sign" aria-hidden="true">{sign}</span> <span className="mono">{o.id}</span> <span className="k">{o.kind}</span>
              </button>
              {o.fields.length > 0 && (
                <ul className="fields">
                  {o.fields.map((f) => (
                    <li key={f.field} data-field={f.field}>
                      <span className="f mono">{f.field}</span> <span className="was mono">{f.from}</span> <span aria-label="becomes">→</span> <span className="mono">{f.to}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
          {list.length > MAX_LIST && <li className="more">… and {list.length - MAX_LIST} more</li>}
        </ul>
      </div>
    );
  const edges = (title: string, sign: string, list: readonly GraphEdge[], cls: string) =>
    list.length > 0 && (
      <div className={`chg-group ${cls}`}>
        <h3>{title} ({list.length})</h3>
        <ul>
          {list.slice(0, MAX_LIST).map((e) => (
            <li key={e.id}>
              <button type="button" className="chg-edge" data-edge-ref={e.id} onClick={() => select([e.source, e.target])} {...link([e.source, e.target])}>
                <span className="sign" aria-hidden="true">{sign}</span> <span className="mono">{e.source}</span> → <span className="mono">{e.target}</span> <span className="k">{edgeText(e)}</span>
              </button>
            </li>
          ))}
          {list.length > MAX_LIST && <li className="more">… and {list.length - MAX_LIST} more</li>}
        </ul>
      </div>
    );

  let body;
  if (!run) body = <p className="hint">No machine yet.</p>;
  else if (!changes) body = <p className="hint">The declared machine. Step forward: each step lists here what it created, freed and changed.</p>;
  else {
    const e = frame.entry!;
    const n = changes.created.length + changes.freed.length + changes.changed.length + changes.edgesAdded.length + changes.edgesRemoved.length;
    body =
      n === 0 ? (
        <p className="hint">
          Nothing changed: <span className="mono">{callOnly(e.text)}</span> {e.step ? `returned ${e.got ?? ''} and left the machine as it was.` : 'only reads the machine.'}
        </p>
      ) : (
        <>
          {objects('Created', '+', changes.created, 'created')}
          {objects('Freed', '−', changes.freed, 'freed')}
          {objects('Changed', '~', changes.changed, 'changed')}
          {edges('Edges added', '+', changes.edgesAdded, 'added')}
          {edges('Edges removed', '−', changes.edgesRemoved, 'removed')}
        </>
      );
  }
  return (
    <section className="panel changes" aria-label="What changed">
      <h2>
        What changed {frame.entry && <span className="hint">step {cursor} · line {frame.entry.line}</span>}
      </h2>
      <div className="scroll">{body}</div>
    </section>
  );
}
