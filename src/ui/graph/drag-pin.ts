/**
 * Plain TS around d3-drag, like pan-zoom.ts around d3-zoom: dragging a box pins it (a group
 * drags its members along). The graph canvas creates it after each draw and destroys it before
 * the next one.
 */
import { drag, select } from 'd3';
import type { Point } from '../../store';
import type { Scene, SceneNode } from './scene';

export interface DragPin {
  destroy: () => void;
}

/** `onPin(moves)`: the new top-left corner of every object the drag moves. */
export function createDragPin(g: SVGGElement, scene: Scene, onPin: (moves: Readonly<Record<string, Point>>) => void): DragPin {
  const boxes = new Map<string, SceneNode>([...scene.nodes, ...scene.groups].map((s) => [s.node.id, s]));
  let start: Record<string, Point> = {};
  const behaviour = drag<SVGGElement, SceneNode>()
    .clickDistance(4)
    .on('start', (_ev, d) => {
      const ids = d.node.kind === 'group' ? [d.node.id, ...scene.nodes.filter((n) => n.node.group === d.node.id).map((n) => n.node.id)] : [d.node.id];
      start = Object.fromEntries(ids.map((id) => [id, { x: boxes.get(id)!.box.x, y: boxes.get(id)!.box.y }]));
    })
    .on('drag', (ev: { x: number; y: number; subject: { x: number; y: number } }) => {
      const ox = ev.x - ev.subject.x, oy = ev.y - ev.subject.y;
      onPin(Object.fromEntries(Object.entries(start).map(([id, p]) => [id, { x: p.x + ox, y: p.y + oy }])));
    })
    .subject((_ev, d) => ({ x: d.box.x, y: d.box.y }));
  // Ghosts are traces of objects that left: nothing to drag.
  select(g).selectAll<SVGGElement, SceneNode>('.g-node:not(.ghost), .g-group:not(.ghost)').call(behaviour);
  return { destroy: () => void select(g).selectAll('.g-node, .g-group').on('.drag', null) };
}
