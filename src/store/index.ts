/**
 * The app store: one zustand vanilla store made of two slices (simulation, view), and a React
 * hook bound to it. The store is the only mutable state of the app.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createSimSlice, type SimSlice } from './sim-slice';
import { createViewSlice, type Theme, type ViewSlice } from './view-slice';
import type { Engine } from './engine-types';

export type AppState = SimSlice & ViewSlice & { readonly engine: Engine };
export type AppStore = StoreApi<AppState>;

export function createAppStore(engine: Engine, opts: { theme?: Theme } = {}): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createSimSlice(engine)(...a),
    ...createViewSlice(opts.theme ?? 'light')(...a),
    engine,
  }));
}

export type { Engine, Run, RunEntry, ScnError, Script } from './engine-types';
export type { SimSlice } from './sim-slice';
export type { ViewSlice, Theme, Point, ZoomTransform, SideTab } from './view-slice';
