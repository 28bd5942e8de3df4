/**
 * The simulation slice: the scenario text, the design, the runs the core produced and the
 * cursor. Everything here is reproducible from (text, design); the cursor is where we look.
 */
import type { StateCreator } from 'zustand/vanilla';
import { baseOf, type DesignId } from '../core';
import type { Engine, Run, ScnError } from './engine-types';
import { clamp, cursorAfterEdit, stepsOf } from './cursor';
import type { AppState } from './index';

export interface SimSlice {
  text: string;
  /** The design the views show. */
  design: DesignId;
  /** The designs the scenario's header names (the ones it is meant to run under). */
  designs: readonly DesignId[];
  /** One run per design in `designs` plus `design`: badges compare them. */
  runs: Partial<Record<DesignId, Run>>;
  /** The current design's run; with syntax errors, the last good one (`stale`). */
  run: Run | null;
  stale: boolean;
  errors: readonly ScnError[];
  /** Steps applied: 0 = the initial machine, stepsOf(run).length = the end. */
  cursor: number;
  playing: boolean;
  /** Steps per second while playing. */
  speed: number;
  /** Bumped by every load/append, so the editor knows to replace its text. */
  textVersion: number;

  load: (text: string, design?: DesignId | null) => void;
  edit: (text: string) => void;
  setDesign: (design: DesignId) => void;
  appendCall: (line: string) => void;
  /** Runs the text now and moves the cursor to the end (Enter at the end of the editor). */
  runToEnd: (text?: string) => void;
  step: (delta: number) => void;
  seek: (cursor: number) => void;
  toStart: () => void;
  toEnd: () => void;
  play: () => void;
  pause: () => void;
  togglePlay: () => void;
  setSpeed: (speed: number) => void;
}

type Recompute = Pick<SimSlice, 'text' | 'design' | 'designs' | 'runs' | 'run' | 'stale' | 'errors'>;

function recompute(engine: Engine, text: string, wanted: DesignId | null, prev: Run | null): Recompute {
  let parsed: ReturnType<Engine['parse']>;
  try {
    parsed = engine.parse(text);
  } catch (e) {
    parsed = { script: null, errors: [{ line: 1, col: 1, message: `parser crashed: ${String(e)}` }] };
  }
  const fallback = wanted ?? 'upstream-5.8';
  const designs = parsed.script ? engine.designsFor(parsed.script, fallback) : [fallback];
  // A variant (`driver-map+present-check=off`) arrives canonical; its design must be known.
  const design = wanted && engine.designIds.includes(baseOf(wanted) as DesignId) ? wanted : (designs[0] ?? fallback);
  if (parsed.errors.length || !parsed.script) {
    // While typing, keep showing the last good run; a broken link shows what did parse.
    if (prev || !parsed.script) return { text, design, designs, runs: {}, run: prev, stale: prev !== null, errors: parsed.errors };
    try {
      const partial = engine.run(parsed.script, design);
      return { text, design, designs, runs: { [design]: partial }, run: partial, stale: true, errors: parsed.errors };
    } catch {
      return { text, design, designs, runs: {}, run: null, stale: false, errors: parsed.errors };
    }
  }
  const runs: Partial<Record<DesignId, Run>> = {};
  for (const d of new Set([design, ...designs])) {
    try {
      runs[d] = engine.run(parsed.script, d);
    } catch (e) {
      return { text, design, designs, runs: {}, run: prev, stale: prev !== null, errors: [{ line: 1, col: 1, message: `run crashed: ${String(e)}` }] };
    }
  }
  const run = runs[design] ?? null;
  return { text, design, designs, runs, run, stale: false, errors: run?.errors ?? [] };
}

export const createSimSlice =
  (engine: Engine): StateCreator<AppState, [], [], SimSlice> =>
  (set, get) => ({
    text: '',
    design: 'upstream-5.8',
    designs: ['upstream-5.8'],
    runs: {},
    run: null,
    stale: false,
    errors: [],
    cursor: 0,
    playing: false,
    speed: 2,
    textVersion: 0,

    load: (text, design = null) => {
      const r = recompute(engine, text, design, null);
      const cursor = 0;
      set((s) => ({ ...r, cursor, playing: false, textVersion: s.textVersion + 1, selection: [] }));
    },
    edit: (text) => {
      const s = get();
      if (text === s.text) return;
      const r = recompute(engine, text, s.design, s.run);
      const cursor = r.run && !r.stale && r.run !== s.run ? cursorAfterEdit(s.run, s.cursor, r.run) : clamp(s.cursor, r.run);
      set({ ...r, cursor });
    },
    setDesign: (design) => {
      const s = get();
      const r = recompute(engine, s.text, design, null);
      set({ ...r, cursor: clamp(s.cursor, r.run) });
    },
    appendCall: (line) => {
      const s = get();
      const text = s.text.length === 0 || s.text.endsWith('\n') ? `${s.text}${line}\n` : `${s.text}\n${line}\n`;
      const r = recompute(engine, text, s.design, s.run);
      set((st) => ({ ...r, cursor: r.run ? stepsOf(r.run).length : 0, textVersion: st.textVersion + 1 }));
    },
    runToEnd: (text) => {
      const s = get();
      const r = recompute(engine, text ?? s.text, s.design, s.run);
      set({ ...r, cursor: r.run ? stepsOf(r.run).length : 0 });
    },
    step: (delta) => set((s) => ({ cursor: clamp(s.cursor + delta, s.run) })),
    seek: (cursor) => set((s) => ({ cursor: clamp(cursor, s.run) })),
    toStart: () => set({ cursor: 0, playing: false }),
    toEnd: () => set((s) => ({ cursor: clamp(Infinity, s.run), playing: false })),
    play: () =>
      set((s) => {
        const end = s.run ? stepsOf(s.run).length : 0;
        return { playing: end > 0, cursor: s.cursor >= end ? 0 : s.cursor };
      }),
    pause: () => set({ playing: false }),
    togglePlay: () => (get().playing ? get().pause() : get().play()),
    setSpeed: (speed) => set({ speed: Math.max(0.25, Math.min(speed, 20)) }),
  });
