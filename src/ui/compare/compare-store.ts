/**
 * State of the comparison views (lock-step, matrix, search). A store of its own, beside the
 * app store: the scenario text stays in the app store (the editor's), everything about
 * comparing lives here and never enters the URL or the history.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { baseOf, DESIGN_IDS, type DesignId } from '../../core';
import type { SameLevel } from '../../compare';
import type { SearchProgress, SearchResult, MachineSpec } from '../../search';
import { DEFAULT_MACHINE } from '../../search/machine';

export type Mode = 'play' | 'compare' | 'matrix' | 'search';

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
}

export interface CompareState {
  mode: Mode;
  /** Designs shown side by side (2 to 5), in DESIGN_IDS order. */
  designs: readonly DesignId[];
  level: SameLevel;
  cursor: number;
  /** The matrix's baseline design. */
  baseline: DesignId;
  search: SearchState;
  setMode: (m: Mode) => void;
  toggleDesign: (d: DesignId) => void;
  setDesigns: (ds: readonly DesignId[]) => void;
  setLevel: (l: SameLevel) => void;
  seek: (i: number) => void;
  setBaseline: (d: DesignId) => void;
  patchSearch: (p: Partial<SearchState>) => void;
}

/** Registry order, each variant right after its design (`driver-map`, `driver-map+…`). */
const order = (ds: readonly DesignId[]) =>
  [...new Set(ds)]
    .filter((d) => DESIGN_IDS.includes(baseOf(d) as DesignId))
    .sort((a, b) => DESIGN_IDS.indexOf(baseOf(a) as DesignId) - DESIGN_IDS.indexOf(baseOf(b) as DesignId) || (a < b ? -1 : a > b ? 1 : 0));

export const compareStore = createStore<CompareState>()((set) => ({
  mode: 'play',
  designs: ['upstream-5.8', 'v3-group-flag'],
  level: 'returns',
  cursor: 0,
  baseline: 'upstream-5.8',
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
  },
  setMode: (mode) => set({ mode }),
  toggleDesign: (d) =>
    set((s) => {
      const has = s.designs.includes(d);
      if (has && s.designs.length <= 2) return {};
      return { designs: order(has ? s.designs.filter((x) => x !== d) : [...s.designs, d]) };
    }),
  setDesigns: (ds) => set({ designs: order(ds) }),
  setLevel: (level) => set({ level }),
  seek: (cursor) => set({ cursor: Math.max(0, cursor) }),
  setBaseline: (baseline) => set({ baseline }),
  patchSearch: (p) => set((s) => ({ search: { ...s.search, ...p } })),
}));

export function useCompare<T>(selector: (s: CompareState) => T): T {
  return useStore(compareStore, selector);
}

const selectMode = (s: CompareState) => s.mode;
export const useCompareMode = (): Mode => useCompare(selectMode);
