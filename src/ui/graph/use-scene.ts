/** The scene the graph view draws now, memoised on its inputs: the detailed graph, or the overview of a large machine. */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Graph } from '../../derive/graph-types';
import type { Layout } from '../../derive/layout';
import { familyOf, overviewOf, OVERVIEW_MIN_NODES, parentsOf } from '../../derive/overview';
import type { AppState, Run } from '../../store';
import { familyLayoutFor, layoutFor, selectGraph, selectRun } from '../../store/selectors';
import { useApp } from '../store-context';
import { buildScene, emptyLayout, tileScene, type Scene } from './scene';

const selectInputs = (s: AppState) => ({
  graph: selectGraph(s),
  run: selectRun(s),
  pins: s.pins,
  selection: s.selection,
  engine: s.engine,
  focus: s.focus,
});

/** The overview's identity and tile order, one per run (tiles never move while stepping). */
const overviews = new WeakMap<Run, { layout: Layout; order: string[] }>();
function overviewBase(run: Run, g: Graph) {
  let o = overviews.get(run);
  if (!o) overviews.set(run, (o = { layout: emptyLayout(0, 0), order: parentsOf(g) }));
  return o;
}

type Inputs = ReturnType<typeof selectInputs>;

/** The picture for these inputs: the overview, a focused family, or the detailed graph. */
function sceneFor({ graph, run, pins, selection, engine, focus }: Inputs, big: boolean): Scene | null {
  if (!run || !graph) return null;
  if (big && !focus) {
    const o = overviewBase(run, graph);
    return tileScene(overviewOf(graph, o.order), o.layout);
  }
  if (big && focus) {
    const fam = familyOf(graph, focus);
    return buildScene(fam, familyLayoutFor(run, engine.design(run.design), focus, fam), pins, selection);
  }
  return buildScene(graph, layoutFor(run, engine.design(run.design), graph), pins, selection);
}

const isBig = (graph: Graph | null) => !!graph && graph.nodes.length > OVERVIEW_MIN_NODES;

/** The scene the graph view shows for a store state (the export draws the same picture). */
export const sceneOfState = (s: AppState): Scene | null => {
  const i = selectInputs(s);
  return sceneFor(i, isBig(i.graph));
};

export function useScene(): { scene: Scene | null; graph: Graph | null; overview: boolean; focus: string | null } {
  const inputs = useApp(useShallow(selectInputs));
  const { graph, run, pins, selection, engine, focus } = inputs;
  const big = isBig(graph);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- inputs is a fresh object; its fields are the deps
  const scene = useMemo(() => sceneFor(inputs, big), [run, graph, big, focus, pins, selection, engine]);
  return { scene, graph, overview: big && !focus, focus: big ? focus : null };
}
