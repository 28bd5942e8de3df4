/**
 * Selectors: module-level functions of the state. Derived data (graphs, layouts) is memoised
 * on the identity of what it comes from (a run, a machine), never recomputed per render.
 */
import type { Design, Machine, Step } from '../core';
import { marksStepOf, markNew, toGraph } from '../derive/graph';
import type { Graph } from '../derive/graph-types';
import { layoutRun, placeMissing, type Layout } from '../derive/layout';
import { familyOf } from '../derive/overview';
import type { AppState } from './index';
import type { Run, RunEntry } from './engine-types';
import { stepsOf } from './cursor';
import { selectRun } from './shown';

export interface Frame {
  readonly machine: Machine | null;
  readonly step: Step | null;
  readonly entry: RunEntry | null;
  readonly index: number;
  /** A statement without a call of its own (show, check): the last call's step, whose marks it keeps. */
  readonly carried: Step | null;
}

const EMPTY_FRAME: Frame = { machine: null, step: null, entry: null, index: 0, carried: null };

const frames = new WeakMap<Run, Map<number, Frame>>();

/** The frame at a cursor; the same object every time (selectors compare by identity). */
export function frameAt(run: Run | null, cursor: number): Frame {
  if (!run) return EMPTY_FRAME;
  let cache = frames.get(run);
  if (!cache) frames.set(run, (cache = new Map()));
  let f = cache.get(cursor);
  if (!f) cache.set(cursor, (f = computeFrame(run, cursor)));
  return f;
}

function computeFrame(run: Run, cursor: number): Frame {
  if (cursor <= 0) return { machine: run.initial, step: null, entry: null, index: 0, carried: null };
  const steps = stepsOf(run);
  if (steps.length === 0) return { machine: run.initial, step: null, entry: null, index: 0, carried: null };
  const at = Math.min(cursor, steps.length) - 1;
  const entry = steps[at];
  return { machine: entry.machine, step: entry.step ?? null, entry, index: cursor, carried: entry.step ? null : (marksStepOf(steps, at) ?? null) };
}

const rawGraphs = new WeakMap<Design, WeakMap<object, Graph>>();
const stepGraphs = new WeakMap<Run, Map<number, Graph>>();
const layouts = new WeakMap<Run, Layout>();

/**
 * The key of a frame's graph: its step (a step's marks belong to it); a statement without a
 * call keeps the last call's marks (marksStepOf), so its entry; else (no call yet) its machine.
 * The runner seeds the Worker's graphs under the same key (runner/index.ts).
 */
export const graphKeyOf = (f: Frame): object => f.step ?? (f.carried ? f.entry! : f.machine!);

function rawGraph(design: Design, f: Frame): Graph {
  let byMachine = rawGraphs.get(design);
  if (!byMachine) rawGraphs.set(design, (byMachine = new WeakMap()));
  const key = graphKeyOf(f);
  let g = byMachine.get(key);
  if (!g) byMachine.set(key, (g = toGraph(f.machine!, design, f.step ?? undefined, f.carried ?? undefined)));
  return g;
}

/** A graph built elsewhere (the run Worker) for a machine or step: the cache's entry, unless it has one. */
export function seedGraph(design: Design, key: object, g: Graph): void {
  let byMachine = rawGraphs.get(design);
  if (!byMachine) rawGraphs.set(design, (byMachine = new WeakMap()));
  if (!byMachine.has(key)) byMachine.set(key, g);
}

/** Whether the picture at a cursor of a run is ready, or would be built from a graph not built yet. */
export function graphReady(run: Run, design: Design, cursor: number): boolean {
  if (stepGraphs.get(run)?.has(cursor)) return true;
  const byMachine = rawGraphs.get(design);
  const has = (c: number) => {
    const f = frameAt(run, c);
    return !!byMachine?.has(graphKeyOf(f));
  };
  return has(cursor) && (cursor === 0 || has(cursor - 1));
}

/** The picture at a cursor of a run: the graph with what is new since the previous frame marked. */
export function graphAt(run: Run, design: Design, cursor: number): Graph {
  let cache = stepGraphs.get(run);
  if (!cache) stepGraphs.set(run, (cache = new Map()));
  const hit = cache.get(cursor);
  if (hit) return hit;
  const f = frameAt(run, cursor);
  const g = rawGraph(design, f);
  const prev = cursor > 0 ? rawGraph(design, frameAt(run, cursor - 1)) : null;
  const out = markNew(g, prev);
  cache.set(cursor, out);
  return out;
}

/** Budget (nodes × frames) under which every frame takes part in the layout. */
const LAYOUT_BUDGET = 200_000;

/**
 * Above this much layout work (frames × devices), an edited run keeps the layout of the run it
 * replaced (new objects get places of their own, see layoutFor): on a 3,000-line scenario a
 * fresh layout takes seconds, far too long to redo per keystroke. Small runs always lay out afresh.
 */
const INHERIT_WORK = 50_000;
/** One layout per run, from every frame (or a sample of them on very large runs). */
export function layoutOf(run: Run, design: Design): Layout {
  const hit = layouts.get(run);
  if (hit) return hit;
  const n = stepsOf(run).length + 1;
  // The first run of the chain of edits this one continues (recorded by the runner: Run.base).
  const base = run.base;
  const inherited = base && n * run.initial.devs.size > INHERIT_WORK ? layouts.get(base) : undefined;
  if (inherited) {
    layouts.set(run, inherited);
    return inherited;
  }
  const first = rawGraph(design, frameAt(run, 0));
  const last = frameAt(run, n - 1);
  const lastG = rawGraph(design, last);
  const every = Math.max(1, Math.ceil((n * Math.max(first.nodes.length, lastG.nodes.length)) / LAYOUT_BUDGET));
  const graphs: Graph[] = [];
  for (let i = 0; i < n; i += every) {
    const f = frameAt(run, i);
    graphs.push(rawGraph(design, f));
  }
  graphs.push(lastG);
  const layout = layoutRun(graphs);
  layouts.set(run, layout);
  return layout;
}

/** The layout for a picture: the run's, plus places for anything it never saw. */
export function layoutFor(run: Run, design: Design, g: Graph): Layout {
  return placeMissing(layoutOf(run, design), g);
}

export { selectRun };

/** Runs of at most this many frames lay a family out from every frame. */
const FAMILY_ALL = 48;
/** Longer runs: from this many frames, evenly spaced, the first and the last included. */
const FAMILY_FRAMES = 16;
/** Per run and parent: the family's layout (a memo: a function of the run, its design and the parent). */
const familyLayouts = new WeakMap<Run, Map<string, Layout>>();

/** The frames a family's layout is computed from: every one on a short run, else a fixed sample. */
function familyFrames(n: number): number[] {
  if (n + 1 <= FAMILY_ALL) return Array.from({ length: n + 1 }, (_, i) => i);
  const at = new Set<number>();
  for (let i = 0; i < FAMILY_FRAMES; i++) at.add(Math.round((i * n) / (FAMILY_FRAMES - 1)));
  return [...at];
}

/**
 * The layout of one parent's family (the view a tile of the overview opens) for the picture `fam`.
 * A function of (run, design, parent) and the picture alone, never of the frames viewed before
 * (test/ui/graph/family-layout.test.ts): laid out from the family at every frame of a short
 * run, so nothing moves while stepping; on a long run (whose every frame's whole graph is too
 * dear to build) from a fixed sample of frames, and an object none of them shows gets a place
 * below them in the picture that shows it (`placeMissing`: the same picture, the same place).
 */
export function familyLayoutFor(run: Run, design: Design, parent: string, fam: Graph): Layout {
  let byParent = familyLayouts.get(run);
  if (!byParent) familyLayouts.set(run, (byParent = new Map()));
  let layout = byParent.get(parent);
  if (!layout) {
    layout = layoutRun(familyFrames(stepsOf(run).length).map((c) => familyOf(graphAt(run, design, c), parent)));
    byParent.set(parent, layout);
  }
  return placeMissing(layout, fam);
}

export const selectFrame = (s: AppState) => frameAt(selectRun(s), s.cursor);

/** The graph shown now (memoised), or null before anything ran. */
export function selectGraph(s: AppState): Graph | null {
  const run = selectRun(s);
  if (!run) return null;
  return graphAt(run, s.engine.design(run.design), s.cursor);
}
