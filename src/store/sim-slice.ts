/**
 * The simulation slice: the scenario text, the design, the runs the core produced and the
 * cursor. Everything here is reproducible from (text, design); the cursor is where we look.
 */
import type { StateCreator } from 'zustand/vanilla';
import { DEFAULT_DESIGN, type DesignId } from '../core';
import type { Runner, RunResult } from '../runner';
import type { Run, ScnError, Script } from './engine-types';
import { clamp, cursorAfterEdit, stepsOf } from './cursor';
import { graphReady, seedGraph, selectGraph } from './selectors';
import { selectRun } from './shown';
import type { AppState } from './index';

export interface SimSlice {
  text: string;
  /** The design the views show. */
  design: DesignId;
  /** The designs the scenario's header names (the ones it is meant to run under). */
  designs: readonly DesignId[];
  /** One run per design in `designs` plus `design`: badges compare them. */
  runs: Partial<Record<DesignId, Run>>;
  /**
   * The run shown while the text does not parse (`stale`): the last one shown. The shown run is
   * derived, `runs[design] ?? lastGood` — read it with `selectRun`, never from here.
   */
  lastGood: Run | null;
  /** The parsed text the runs come from (null while it does not parse). */
  script: Script | null;
  stale: boolean;
  /** A run is under way (a long scenario): the views show the last complete result meanwhile. */
  running: boolean;
  errors: readonly ScnError[];
  /** Steps applied: 0 = the initial machine, stepsOf(run).length = the end. */
  cursor: number;
  playing: boolean;
  /** Steps per second while playing. */
  speed: number;
  /** Bumped by every load/append, so the editor knows to replace its text. */
  textVersion: number;

  /** Opens a text (a link, a file, the library); `cursor` is where to look once it ran (0: the start). */
  load: (text: string, design?: DesignId | null, opts?: { cursor?: number }) => void;
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
  /** Runs the text again with what the views need now (e.g. the designs the compare view shows). */
  rerun: () => void;
}

export { selectRun };

/** The run a result shows: its design's, else the last good one when the result keeps it (stale). */
const shownOf = (r: RunResult, s: AppState): Run | null => r.runs[r.design] ?? (r.stale ? s.lastGood : null);

/** The part of the state a run result sets. */
const fromResult = (r: RunResult, run: Run | null) => ({ text: r.text, script: r.script, design: r.design, designs: r.designs, runs: r.runs, lastGood: run, stale: r.stale, errors: r.errors });

export interface SimOptions {
  /**
   * Applies a result that arrived later (from the Worker) in a later task: the task the result
   * arrives in prepares what the views will read first (the shown frame's graph), so neither
   * task is long. Absent (tests): applied at once.
   */
  readonly landLater?: (fn: () => void) => void;
  /**
   * Holds a result that arrived later (from the Worker) until it may land: the page passes one
   * that waits for a pause in typing (src/ui/editor/typing-gate.ts), so the views' update of a
   * long scenario (tens of ms) falls between bursts of keys, not in front of one. Absent: at once.
   */
  readonly gate?: (fn: () => void) => void;
}

export const createSimSlice =
  (runner: Runner, opts: SimOptions = {}): StateCreator<AppState, [], [], SimSlice> =>
  (set, get) => {
    /** Bumped per request: a result waiting to land is dropped once a newer request was made. */
    let requests = 0;
    /**
     * Asks the runner for (text, design) and applies the result with `then`. A short run finishes
     * inside the call and is one store update; a long one first shows `now` (the new text, the
     * old result, `running`) and applies the result when it arrives, unless a later edit dropped it.
     */
    type Then = (r: RunResult, run: Run | null, s: AppState) => Partial<AppState>;
    const submit = (text: string, wanted: DesignId | null, lastGood: boolean, then: Then, now: (s: AppState) => Partial<AppState> = () => ({})) => {
      const s = get();
      const extra = s.mode === 'play' ? [] : s.compare.designs;
      const apply = (r: RunResult, st: AppState) => {
        const run = shownOf(r, st);
        return { ...fromResult(r, run), ...then(r, run, st), running: false };
      };
      const seq = ++requests;
      const land = (res: RunResult) => (opts.gate ? opts.gate(() => seq === requests && landNow(res)) : landNow(res));
      const landNow = (res: RunResult) => {
        const st = get();
        for (const g of res.graphs ?? []) seedGraph(st.engine.design(g.design), g.key, g.graph);
        if (!opts.landLater) return set((st2) => apply(res, st2));
        const next = { ...st, ...apply(res, st) };
        const run = selectRun(next);
        // The shown frame's graph ready (the Worker built it): landing is short, so at once — a
        // task hop behind the browser's rendering would only delay the result. Else build it here
        // and land in the next task.
        if (!run || graphReady(run, st.engine.design(run.design), next.cursor)) return set((st2) => apply(res, st2));
        selectGraph(next);
        opts.landLater(() => seq === requests && set((st2) => apply(res, st2)));
      };
      const r = runner.request({ text, wanted, extra, lastGood: lastGood && selectRun(s) !== null }, land);
      if (r) set((st) => ({ ...now(st), ...apply(r, st) }));
      else set((st) => ({ ...now(st), text, running: true }));
    };
    return {
      text: '',
      design: DEFAULT_DESIGN,
      designs: [DEFAULT_DESIGN],
      runs: {},
      lastGood: null,
      script: null,
      stale: false,
      running: false,
      errors: [],
      cursor: 0,
      playing: false,
      speed: 2,
      textVersion: 0,

      load: (text, design = null, opts = {}) =>
        submit(text, design, false, (_r, run) => ({ cursor: clamp(opts.cursor ?? 0, run) }), (s) => ({ playing: false, textVersion: s.textVersion + 1, selection: [] })),
      edit: (text) => {
        const s = get();
        if (text === s.text) return;
        submit(text, s.design, true, (r, run, st) => {
          const old = selectRun(st);
          return { cursor: run && !r.stale && run !== old ? cursorAfterEdit(old, st.cursor, run) : clamp(st.cursor, run) };
        });
      },
      setDesign: (design) => submit(get().text, design, false, (_r, run, st) => ({ cursor: clamp(st.cursor, run) })),
      appendCall: (line) => {
        const s = get();
        const text = s.text.length === 0 || s.text.endsWith('\n') ? `${s.text}${line}\n` : `${s.text}\n${line}\n`;
        submit(text, s.design, true, (_r, run) => ({ cursor: run ? stepsOf(run).length : 0 }), (st) => ({ textVersion: st.textVersion + 1 }));
      },
      runToEnd: (text) => {
        const s = get();
        submit(text ?? s.text, s.design, true, (_r, run) => ({ cursor: run ? stepsOf(run).length : 0 }));
      },
      rerun: () => {
        const s = get();
        submit(s.text, s.design, true, (_r, run, st) => ({ cursor: clamp(st.cursor, run) }));
      },
      step: (delta) => set((s) => ({ cursor: clamp(s.cursor + delta, selectRun(s)) })),
      seek: (cursor) => set((s) => ({ cursor: clamp(cursor, selectRun(s)) })),
      toStart: () => set({ cursor: 0, playing: false }),
      toEnd: () => set((s) => ({ cursor: clamp(Infinity, selectRun(s)), playing: false })),
      play: () =>
        set((s) => {
          const run = selectRun(s);
          const end = run ? stepsOf(run).length : 0;
          return { playing: end > 0, cursor: s.cursor >= end ? 0 : s.cursor };
        }),
      pause: () => set({ playing: false }),
      togglePlay: () => (get().playing ? get().pause() : get().play()),
      setSpeed: (speed) => set({ speed: Math.max(0.25, Math.min(speed, 20)) }),
    };
  };
