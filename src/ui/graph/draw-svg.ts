/**
 * The SVG renderer: d3 data joins keyed by node and edge id inside a <g> that React created.
 * d3 owns these elements; React never renders into them.
 */
import { select, type Selection } from 'd3';
import type { GraphNode, Mark } from '../../derive/graph-types';
import { BADGE_H } from '../../derive/layout';
import type { Scene, SceneEdge, SceneNode } from './scene';

export interface Handlers {
  onClick: (id: string, additive: boolean) => void;
}

const MARK_ICON: Record<Mark['level'], string> = { warn: '⚠ WARN', oops: '☠ OOPS', violation: '⚠' };
const markLabel = (m: Mark) => (m.level === 'violation' ? `⚠ ${m.code}` : MARK_ICON[m.level]);
const describeNode = (n: GraphNode) =>
  [`${n.kind} ${n.label}`, n.sub, ...n.badges, ...n.marks.map((m) => `${m.code}: ${m.text}`)].filter(Boolean).join('\n');

function layers(root: SVGGElement) {
  const g = select(root);
  const layer = (cls: string) => {
    let l = g.select<SVGGElement>(`g.${cls}`);
    if (l.empty()) l = g.append('g').attr('class', cls);
    return l;
  };
  return { groups: layer('l-groups'), edges: layer('l-edges'), nodes: layer('l-nodes'), marks: layer('l-marks') };
}

function nodeClass(s: SceneNode, base: string): string {
  return `${base}${s.selected ? ' selected' : ''}${s.node.changed ? ' changed' : ''}${s.node.gone ? ' gone' : ''}`;
}

/** Width a badge line may take: a breadcrumb longer than its box is squeezed to fit, never cut. */
const squeeze = (text: string, width: number): number | null => (text.length * 6.6 > width ? width : null);

function texts(sel: Selection<SVGGElement, SceneNode, SVGGElement, unknown>, group: boolean) {
  sel.each(function (s) {
    const g = select(this);
    const lines = [
      { cls: group ? 'title' : 'label', text: s.node.label },
      { cls: 'sub', text: s.node.sub },
      ...s.node.badges.map((b) => ({ cls: 'badge', text: `⚑ ${b}` })),
    ];
    g.selectAll<SVGTextElement, (typeof lines)[number]>('text')
      .data(lines)
      .join('text')
      .attr('class', (d) => d.cls)
      .attr('x', (_d, i) => (group && i === 1 ? s.box.w - 8 : 8))
      .attr('text-anchor', (_d, i) => (group && i === 1 ? 'end' : 'start'))
      .attr('y', (_d, i) => (group ? (i === 0 || i === 1 ? 14 : 14 + (i - 1) * BADGE_H) : 15 + i * BADGE_H))
      .attr('textLength', (d) => (d.cls === 'badge' ? squeeze(d.text, s.box.w - 16) : null))
      .attr('lengthAdjust', (d) => (d.cls === 'badge' ? 'spacingAndGlyphs' : null))
      .text((d) => d.text);
  });
}

export function drawSvg(root: SVGGElement, scene: Scene, h: Handlers): void {
  const L = layers(root);
  const click = (ev: MouseEvent, d: SceneNode) => {
    ev.stopPropagation();
    h.onClick(d.node.id, ev.shiftKey || ev.metaKey || ev.ctrlKey);
  };

  const groups = L.groups
    .selectAll<SVGGElement, SceneNode>('g.g-group')
    .data(scene.groups, (d) => d.node.id)
    .join((enter) => {
      const g = enter.append('g').attr('data-kind', 'group');
      g.append('title');
      g.append('rect').attr('class', 'box');
      return g;
    })
    .attr('class', (d) => nodeClass(d, 'g-group'))
    .attr('data-node-id', (d) => d.node.id)
    .attr('transform', (d) => `translate(${d.box.x},${d.box.y})`)
    .on('click', click);
  groups.select('title').text((d) => describeNode(d.node));
  groups.select('rect.box').attr('width', (d) => d.box.w).attr('height', (d) => d.box.h);
  texts(groups, true);

  L.edges
    .selectAll<SVGGElement, SceneEdge>('g.g-edge')
    .data(scene.edges, (d) => d.edge.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('path');
      g.append('text').attr('text-anchor', 'middle');
      return g;
    })
    .attr('class', (d) => `g-edge${d.edge.changed ? ' changed' : ''}`)
    .attr('data-edge-kind', (d) => d.edge.kind)
    .attr('data-edge-id', (d) => d.edge.id)
    .call((g) => g.select('path').attr('d', (d) => d.d))
    .call((g) =>
      g
        .select('text')
        .attr('x', (d) => d.mid.x)
        .attr('y', (d) => d.mid.y - 3)
        .text((d) => (d.edge.kind === 'breadcrumb' ? '' : d.edge.label)),
    );

  const nodes = L.nodes
    .selectAll<SVGGElement, SceneNode>('g.g-node')
    .data(scene.nodes, (d) => d.node.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('title');
      g.append('rect');
      return g;
    })
    .attr('class', (d) => nodeClass(d, 'g-node'))
    .attr('data-node-id', (d) => d.node.id)
    .attr('data-kind', (d) => d.node.kind)
    .attr('transform', (d) => `translate(${d.box.x},${d.box.y})`)
    .on('click', click);
  nodes.select('title').text((d) => describeNode(d.node));
  nodes.select('rect').attr('width', (d) => d.box.w).attr('height', (d) => d.box.h);
  texts(nodes, false);

  // Marks: icon + text tags above the object's top-right corner, one per mark.
  const marked = [...scene.groups, ...scene.nodes].flatMap((s) =>
    s.node.marks.map((m, i) => ({ id: `${s.node.id}:${i}:${m.code}`, s, m, i })),
  );
  L.marks
    .selectAll<SVGGElement, (typeof marked)[number]>('g.g-mark')
    .data(marked, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g');
      g.append('title');
      g.append('rect');
      g.append('text');
      return g;
    })
    .attr('class', (d) => `g-mark ${d.m.level}`)
    .attr('data-mark', (d) => d.m.level)
    .attr('data-node-id', (d) => d.s.node.id)
    .each(function (d) {
      const label = markLabel(d.m);
      const w = 10 + label.length * 6.4;
      const g = select(this).attr('transform', `translate(${d.s.box.x + d.s.box.w - w + 6},${d.s.box.y - 12 - d.i * 18})`);
      g.select('title').text(`${d.m.code}: ${d.m.text}`);
      g.select('rect').attr('width', w).attr('height', 16);
      g.select('text').attr('x', 5).attr('y', 12).text(label);
    });
}
