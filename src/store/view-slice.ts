/**
 * View state: what the user looks at and how, never part of the history or the URL
 * (selection, pins, zoom, panel sizes, theme, open dialogs).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './index';

export interface Point {
  readonly x: number;
  readonly y: number;
}
export interface ZoomTransform {
  readonly k: number;
  readonly x: number;
  readonly y: number;
}
export type Theme = 'light' | 'dark';
export type SideTab = 'inspector' | 'outline';

/**
 * What the pointer or the focus is on, linked across the views (as Compiler Explorer links
 * source and assembly): the graph objects to highlight and the editor lines to mark.
 */
export interface Linked {
  readonly from: 'editor' | 'trace' | 'timeline' | 'graph' | 'changes';
  readonly ids: readonly string[];
  readonly lines: readonly number[];
}

export interface ViewSlice {
  /** Node ids, in the order they were selected. */
  selection: readonly string[];
  /** Positions the user dragged nodes to, by node id. */
  pins: Readonly<Record<string, Point>>;
  zoom: ZoomTransform | null;
  /** Bumped to ask the graph to fit the picture to the view. */
  fitRequest: number;
  /** The parent whose family the graph shows in full instead of the overview (large machines). */
  focus: string | null;
  panels: { readonly editor: number; readonly side: number; readonly changes: number; readonly trace: number };
  /** Highlighted across the views while hovered or focused (never in history or the URL). */
  linked: Linked | null;
  theme: Theme;
  helpOpen: boolean;
  sideTab: SideTab;
  /** The name of the .scn file opened last (names the saved and exported files), if any. */
  fileName: string | null;

  select: (id: string | null, additive?: boolean) => void;
  setSelection: (ids: readonly string[]) => void;
  pin: (moves: Readonly<Record<string, Point>>) => void;
  clearPins: () => void;
  setZoom: (z: ZoomTransform) => void;
  requestFit: () => void;
  setFocus: (parent: string | null) => void;
  setPanels: (p: Partial<ViewSlice['panels']>) => void;
  /** Sets the linked highlight; `null` clears it, but only the view that set it clears it. */
  setLinked: (l: Linked | null, from?: Linked['from']) => void;
  setTheme: (t: Theme) => void;
  setHelp: (open: boolean) => void;
  setSideTab: (t: SideTab) => void;
  setFileName: (name: string | null) => void;
}

const sameLinked = (a: Linked | null, b: Linked) =>
  !!a && a.from === b.from && a.ids.length === b.ids.length && a.lines.length === b.lines.length && a.ids.every((x, i) => x === b.ids[i]) && a.lines.every((x, i) => x === b.lines[i]);

export const createViewSlice =
  (theme: Theme): StateCreator<AppState, [], [], ViewSlice> =>
  (set) => ({
    selection: [],
    pins: {},
    zoom: null,
    fitRequest: 0,
    focus: null,
    panels: { editor: 340, side: 300, changes: 220, trace: 250 },
    linked: null,
    theme,
    helpOpen: false,
    sideTab: 'inspector',
    fileName: null,

    select: (id, additive = false) =>
      set((s) => {
        if (id === null) return { selection: [] };
        if (!additive) return { selection: [id] };
        return { selection: s.selection.includes(id) ? s.selection.filter((x) => x !== id) : [...s.selection, id] };
      }),
    setSelection: (ids) => set({ selection: [...ids] }),
    pin: (moves) => set((s) => ({ pins: { ...s.pins, ...moves } })),
    clearPins: () => set((s) => ({ pins: {}, fitRequest: s.fitRequest + 1 })),
    setZoom: (zoom) => set({ zoom }),
    requestFit: () => set((s) => ({ fitRequest: s.fitRequest + 1 })),
    setFocus: (focus) => set((s) => ({ focus, selection: [], fitRequest: s.fitRequest + 1 })),
    setPanels: (p) => set((s) => ({ panels: { ...s.panels, ...p } })),
    setLinked: (linked, from) =>
      set((s) => {
        // Unchanged: the same state object, so no subscriber is called (a partial `{}` would
        // still notify every one; the editor sets this on every keystroke).
        if (linked) return sameLinked(s.linked, linked) ? s : { linked };
        return s.linked && (!from || s.linked.from === from) ? { linked: null } : s;
      }),
    setTheme: (theme) => set({ theme }),
    setHelp: (helpOpen) => set({ helpOpen }),
    setSideTab: (sideTab) => set({ sideTab }),
    setFileName: (fileName) => set({ fileName }),
  });
