/**
 * The app store: one zustand vanilla store made of slices — simulation (text, runs, cursor),
 * view (selection, zoom, panels), compare (mode, compared designs, search), notices and the
 * presenter. It is the only mutable state of the app; the views read it through selectors.
 * Runs come from one runner (src/runner), made with the store.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createRunner, type Runner, type RunnerOptions } from '../runner';
import { createSimSlice, type SimOptions, type SimSlice } from './sim-slice';
import { createViewSlice, type Theme, type ViewSlice } from './view-slice';
import { createCompareSlice, type CompareSlice } from './compare-slice';
import { createNoticeSlice, type NoticeSlice } from './notice-slice';
import type { Engine } from './engine-types';

export type AppState = SimSlice & ViewSlice & CompareSlice & NoticeSlice & { readonly engine: Engine; readonly runner: Runner };
export type AppStore = StoreApi<AppState>;

export function createAppStore(engine: Engine, opts: { theme?: Theme; runner?: RunnerOptions; sim?: SimOptions } = {}): AppStore {
  const runner = createRunner(engine, opts.runner);
  return createStore<AppState>()((...a) => ({
    ...createSimSlice(runner, opts.sim)(...a),
    ...createViewSlice(opts.theme ?? 'light')(...a),
    ...createCompareSlice(...a),
    ...createNoticeSlice(...a),
    engine,
    runner,
  }));
}

export type { Engine, Run, RunEntry, ScnError, Script } from './engine-types';
export type { SimSlice } from './sim-slice';
export { selectRun } from './shown';
export type { ViewSlice, Theme, Point, ZoomTransform, SideTab, Linked } from './view-slice';
export type { CompareSlice, CompareSettings, Mode, SearchState } from './compare-slice';
export { MODES } from './compare-slice';
export type { NoticeSlice, Notice, NoticeAction } from './notice-slice';
