/** The scene the graph view draws now, memoised on its inputs. */
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Graph } from '../../derive/graph-types';
import type { Layout } from '../../derive/layout';
import type { AppState } from '../../store';
import { layoutFor, selectGraph } from '../../store/selectors';
import { useApp } from '../store-context';
import { buildScene, type Scene } from './scene';

const selectInputs = (s: AppState) => ({
  graph: selectGraph(s),
  run: s.run,
  pins: s.pins,
  selection: s.selection,
  engine: s.engine,
});

export function useScene(): { scene: Scene | null; graph: Graph | null; layout: Layout | null } {
  const { graph, run, pins, selection, engine } = useApp(useShallow(selectInputs));
  const layout = useMemo(() => (run && graph ? layoutFor(run, engine.design(run.design), graph) : null), [run, graph, engine]);
  const scene = useMemo(() => (graph && layout ? buildScene(graph, layout, pins, selection) : null), [graph, layout, pins, selection]);
  return { scene, graph, layout };
}
