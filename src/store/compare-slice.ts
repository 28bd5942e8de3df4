/**
 * The app-wide mode (playground, lock-step compare, matrix, search) and the comparison views'
 * settings. The scenario, its runs and the cursor are the simulation slice's: the compare view
 * steps the same cursor through the same runs (the runner adds the compared designs to them).
 * None of this enters the history; the share link carries the compared designs and the level.
 */
import type { StateCreator } from 'zustand/vanilla';
import { baseOf, DEFAULT_COMPARISON, DEFAULT_DESIGN, DESIGN_IDS, type DesignId } from '../core';
import { DEFAULT_LEVEL, type SameLevel } from '../compare';
import type { MachineSpec, SearchProgress, SearchResult } from '../search';
import { DEFAULT_MACHINE } from '../search/machine';
import type { AppState } from './index';

export type Mode = 'play' | 'compare' | 'matrix' | 'search';
export const MODES: readonly Mode[] = ['play', 'compare', 'matrix', 'search'];

export interface SearchState {
  /** Two designs, or one (search its invariants). */
  readonly designs: readonly DesignId[];
  readonly machine: MachineSpec;
  readonly depth: number;
  readonly level: SameLevel;
  readonly running: boolean;
  readonly progress: SearchProgress | null;
  readonly result: SearchResult | null;
  readonly error: string | null;
  readonly cancelled: boolean;
  /** Threads the last search ran on (2: the search Worker and its expander Worker), 0 before any. */
  readonly threads: number;
  /** Stops the search under way (a cancel message, or terminating its Worker: search-runner.ts); null when none runs. */
  readonly stop: (() => void) | null;
}

export interface CompareSettings {
  /** Designs shown side by side (2 to 5), in DESIGN_IDS order, variants after their design. */
  readonly designs: readonly DesignId[];
  readonly level: SameLevel;
  /** The matrix's baseline design; in the compare view, the design the others are diffed against (A). */
  readonly baseline: DesignId;
  /** The compare view shows one pane per design ('panes', marked) or the diff against the baseline ('diff'). */
  readonly shown: 'panes' | 'diff';
  /** The compare view's table of return values per step is open (closed: the panes take the room). */
  readonly steps: boolean;
}

export interface CompareSlice {
  mode: Mode;
  compare: CompareSettings;
  search: SearchState;
  setMode: (m: Mode) => void;
  toggleCompareDesign: (d: DesignId) => void;
  setCompareDesigns: (ds: readonly DesignId[]) => void;
  setLevel: (l: SameLevel) => void;
  setBaseline: (d: DesignId) => void;
  setCompareShown: (p: Partial<Pick<CompareSettings, 'shown' | 'steps'>>) => void;
  patchSearch: (p: Partial<SearchState>) => void;
}

/** Registry order, each variant right after its design (`driver-map`, `driver-map+…`). */
const order = (ds: readonly DesignId[]) =>
  [...new Set(ds)]
    .filter((d) => DESIGN_IDS.includes(baseOf(d) as DesignId))
    .sort((a, b) => DESIGN_IDS.indexOf(baseOf(a) as DesignId) - DESIGN_IDS.indexOf(baseOf(b) as DesignId) || (a < b ? -1 : a > b ? 1 : 0));

export const createCompareSlice: StateCreator<AppState, [], [], CompareSlice> = (set, get) => {
  /** The compare views need runs of their designs too: ask the runner when they are missing. */
  const ensureRuns = () => {
    const s = get();
    if (s.mode !== 'play' && s.script && s.compare.designs.some((d) => !s.runs[d])) s.rerun();
  };
  return {
    mode: 'play',
    compare: { designs: [...DEFAULT_COMPARISON], level: DEFAULT_LEVEL, baseline: DEFAULT_DESIGN, shown: 'panes', steps: false },
    search: {
      designs: ['v3-group-flag', 'driver-map'],
      machine: DEFAULT_MACHINE,
      depth: 7,
      level: 'returns',
      running: false,
      progress: null,
      result: null,
      error: null,
      cancelled: false,
      threads: 0,
      stop: null,
    },
    setMode: (mode) => {
      set({ mode });
      ensureRuns();
    },
    toggleCompareDesign: (d) => {
      const c = get().compare;
      const has = c.designs.includes(d);
      if (has && c.designs.length <= 2) return;
      get().setCompareDesigns(has ? c.designs.filter((x) => x !== d) : [...c.designs, d]);
    },
    setCompareDesigns: (ds) => {
      set((s) => ({ compare: { ...s.compare, designs: order(ds) } }));
      ensureRuns();
    },
    setLevel: (level) => set((s) => ({ compare: { ...s.compare, level } })),
    setBaseline: (baseline) => set((s) => ({ compare: { ...s.compare, baseline } })),
    setCompareShown: (p) => set((s) => ({ compare: { ...s.compare, ...p } })),
    patchSearch: (p) => set((s) => ({ search: { ...s.search, ...p } })),
  };
};
