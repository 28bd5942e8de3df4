/**
 * The SVG renderer: d3 data joins keyed by node and edge id inside a <g> that React created.
 * d3 owns these elements; React never renders into them.
 *
 * Motion (none under prefers-reduced-motion): a moved object slides to its new place, a new one
 * fades in, a freed one stays one step as a ghost at its reserved place, a changed one gets a
 * yellow outline and one short pulse; all within MOTION_MS.
 */
import { select, type BaseType, type Selection } from 'd3';
import type { GraphEdge, GraphNode, Mark } from '../../derive/graph-types';
import { BADGE_H, MARK_H, MAX_BADGES, MAX_MARKS, SIZE, groupHead } from '../../derive/layout';
import type { Layout } from '../../derive/layout';
import type { Scene, SceneEdge, SceneNode } from './scene';
import type { Tile } from '../../derive/overview';

export const MOTION_MS = 200;

export interface Handlers {
  onClick: (id: string, additive: boolean) => void;
  /** A click on an overview tile (opens the parent's family). */
  onTile?: (id: string) => void;
}

export const markLabel = (m: Mark) => (m.level === 'violation' ? `⚠ ${m.code}` : m.level === 'warn' ? '⚠ WARN' : '☠ OOPS');
const describeNode = (n: GraphNode) =>
  [`${n.kind} ${n.label}`, n.sub, ...n.badges, ...n.marks.map((m) => `${m.code}: ${m.text}`)].filter(Boolean).join('\n');

/** What an edge is, in a few words (inline or on hover/focus). */
export function edgeText(e: GraphEdge): string {
  switch (e.kind) {
    case 'domain': return 'attached (group->domain)';
    case 'default_domain': return 'default domain';
    case 'aux': return `aux attach · ${e.label}`;
    case 'pasid_array': return `pasid_array · ${e.label}`;
    case 'pasid': return 'PASID owner';
    case 'iommu_device': return 'iommu_device';
    case 'breadcrumb': return `⚑ ${e.label}`;
    case 'container': return e.label ? `vfio ${e.label}` : 'vfio container owns';
    default: return e.kind;
  }
}

const reduced = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

function layers(root: SVGGElement) {
  const g = select(root);
  const layer = (cls: string) => {
    let l = g.select<SVGGElement>(`g.${cls}`);
    if (l.empty()) l = g.append('g').attr('class', cls);
    return l;
  };
  return { tiles: layer('l-tiles'), groups: layer('l-groups'), edges: layer('l-edges'), nodes: layer('l-nodes'), marks: layer('l-marks') };
}

function nodeClass(s: SceneNode, base: string): string {
  return `${base}${s.selected ? ' selected' : ''}${s.node.changed ? ' changed' : ''}${s.node.gone ? ' gone' : ''}`;
}

/** Width a text line may take: longer than its box, it is squeezed to fit, never cut. */
const squeeze = (text: string, font: number, width: number): number | null => (text.length * font * 0.61 > width ? width : null);

interface Line {
  cls: string;
  text: string;
  x: number;
  y: number;
  anchor: 'start' | 'end';
  font: number;
}

function linesOf(s: SceneNode, group: boolean): Line[] {
  const n = s.node;
  const badges = n.badges.slice(0, MAX_BADGES);
  if (group) {
    return [
      { cls: 'title', text: n.label, x: 8, y: 17, anchor: 'start', font: 14 },
      { cls: 'sub', text: n.sub, x: s.box.w - 8, y: 17, anchor: 'end', font: 12 },
      ...badges.map((b, i): Line => ({ cls: 'badge', text: `⚑ ${b}`, x: 8, y: SIZE.head + 12 + i * BADGE_H, anchor: 'start', font: 12 })),
    ];
  }
  return [
    { cls: 'label', text: n.label, x: 8, y: 21, anchor: 'start', font: 14 },
    { cls: 'sub', text: n.sub, x: 8, y: 37, anchor: 'start', font: 12 },
    ...badges.map((b, i): Line => ({ cls: 'badge', text: `⚑ ${b}`, x: 8, y: SIZE.body + 8 + i * BADGE_H, anchor: 'start', font: 12 })),
  ];
}

function texts(sel: Selection<SVGGElement, SceneNode, SVGGElement, unknown>, group: boolean) {
  sel.each(function (s) {
    const lines = linesOf(s, group);
    select(this)
      .selectAll<SVGTextElement, Line>('text')
      .data(lines)
      .join('text')
      .attr('class', (d) => d.cls)
      .attr('x', (d) => d.x)
      .attr('text-anchor', (d) => d.anchor)
      .attr('y', (d) => d.y)
      .attr('textLength', (d) => squeeze(d.text, d.font, s.box.w - 16))
      .attr('lengthAdjust', (d) => (squeeze(d.text, d.font, s.box.w - 16) ? 'spacingAndGlyphs' : null))
      // Compare views: a line that differs between designs says how (src/compare/diff.ts).
      .attr('data-diff', (d) => s.node.diffRows?.[d.text] ?? null)
      .each(textOf((d) => d.text));
  });
}

/** Where a node's tags go: lines reserved inside its box (after its badges). */
function markTop(s: SceneNode, group: boolean): number {
  const badges = Math.min(s.node.badges.length, MAX_BADGES);
  return group ? groupHead(badges, 0) - 2 : SIZE.body + badges * BADGE_H - 2;
}

/**
 * `.each(textOf(f))` instead of `.text(f)`: sets an element's text only when it differs. Setting
 * textContent replaces the text node even when the text is the same, so every redraw of an
 * unchanged graph (each run result while typing) re-laid-out and repainted all of it: a third of
 * a 40 ms result task on the 64-tile overview.
 */
function textOf<D>(f: (d: D, i: number) => string) {
  return function (this: BaseType, d: D, i: number) {
    const el = this as Element;
    const v = f(d, i);
    if (el.textContent !== v) el.textContent = v;
  };
}

const translate = (b: { x: number; y: number }) => `translate(${b.x},${b.y})`;

const lastLayouts = new WeakMap<SVGGElement, Layout>();

function moveTo<T extends SceneNode>(sel: Selection<SVGGElement, T, SVGGElement, unknown>, animate: boolean) {
  sel.each(function (d) {
    const el = select(this);
    const to = translate(d.box);
    const from = el.attr('transform');
    if (animate && from && from !== to) el.transition().duration(MOTION_MS).attr('transform', to);
    else el.interrupt().attr('transform', to);
  });
}

/** Keeps the objects that left for one step as ghosts; a ghost from an older step or another layout goes. */
function ghost<T>(exit: Selection<SVGGElement, T, SVGGElement, unknown>, sameLayout: boolean) {
  exit.each(function () {
    const el = select(this);
    if (!sameLayout || el.classed('ghost') || el.classed('g-mark')) el.remove();
    // A ghost is a trace, not the object: it answers to data-ghost-of, not data-node-id.
    else el.classed('ghost', true).classed('changed selected enter', false).attr('aria-hidden', 'true').attr('data-ghost-of', el.attr('data-node-id')).attr('data-node-id', null).attr('tabindex', null).on('click', null);
  });
}

/** A tile's invariant-violation badge (⚠ and the count) at its top right; none without violations. */
function tileBadge(g: Selection<SVGGElement, unknown, null, undefined>, t: Tile) {
  g.selectAll<SVGTextElement, number>('text.viol')
    .data(t.violations ? [t.violations] : [])
    .join('text')
    .attr('class', 'viol')
    .attr('x', t.box.w - 5)
    .attr('y', 17)
    .attr('text-anchor', 'end')
    .each(textOf((n) => `⚠${n}`));
}

/**
 * Edges removed by the step stay one step as faint ghosts on their old route (like freed
 * objects): `data-ghost-of` holds the edge's id, `data-edge-id` goes (it is a trace, not an edge).
 */
function ghostEdges<T>(exit: Selection<SVGGElement, T, SVGGElement, unknown>, sameLayout: boolean) {
  exit.each(function () {
    const el = select(this);
    if (!sameLayout || el.classed('ghost')) el.remove();
    else el.attr('class', 'g-edge ghost').attr('aria-hidden', 'true').attr('tabindex', null).attr('data-ghost-of', el.attr('data-edge-id')).attr('data-edge-id', null);
  });
}

/** Objects take focus and have a name (keys: node-keys.ts); a ghost has neither (ghost()). */
function focusable(sel: Selection<SVGGElement, SceneNode, SVGGElement, unknown>) {
  sel.attr('tabindex', 0).attr('role', 'button').attr('aria-label', (d) => `${describeNode(d.node).replace(/\n/g, '. ')}. Enter: its calls.`);
}

export function drawSvg(root: SVGGElement, scene: Scene, h: Handlers): void {
  const L = layers(root);
  const sameLayout = lastLayouts.get(root) === scene.layout;
  lastLayouts.set(root, scene.layout);
  const animate = sameLayout && !reduced();
  const click = (ev: MouseEvent, d: SceneNode) => {
    ev.stopPropagation();
    h.onClick(d.node.id, ev.shiftKey || ev.metaKey || ev.ctrlKey);
  };
  const key = (d: SceneNode) => d.node.id;

  // Overview tiles (large machines): a summary per parent; a click opens its family.
  L.tiles
    .selectAll<SVGGElement, Tile>('g.g-tile')
    .data(scene.tiles ?? [], (t) => t.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'g-tile').attr('tabindex', 0).attr('role', 'button');
      g.append('title');
      g.append('rect');
      return g;
    })
    .classed('changed', (t) => t.changed)
    .classed('violated', (t) => t.violations > 0)
    .attr('data-violations', (t) => (t.violations ? t.violations : null))
    .attr('data-node-id', (t) => t.id)
    .attr('data-kind', 'tile')
    .attr('aria-label', (t) => `${t.text}. Open its detail.`)
    .attr('transform', (t) => translate(t.box))
    .on('click', (ev: MouseEvent, t) => {
      ev.stopPropagation();
      h.onTile?.(t.id);
    })
    .on('keydown', (ev: KeyboardEvent, t) => {
      if (ev.key === 'Enter' || ev.key === ' ') h.onTile?.(t.id);
    })
    .each(function (t) {
      const g = select(this);
      g.select('title').each(textOf(() => t.text));
      g.select('rect').attr('width', t.box.w).attr('height', t.box.h);
      g.selectAll<SVGTextElement, string>('text:not(.viol)')
        .data(t.lines)
        .join('text')
        .attr('class', (_d, i) => (i === 0 ? 'title' : 'sub'))
        .attr('x', 6)
        .attr('y', (_d, i) => 17 + i * 18)
        .each(textOf((d) => d));
      tileBadge(g, t);
    });

  const groups = L.groups
    .selectAll<SVGGElement, SceneNode>('g.g-group')
    .data(scene.groups, key)
    .join(
      (enter) => {
        const g = enter.append('g').attr('data-kind', 'group').attr('transform', (d) => translate(d.box));
        g.classed('enter', sameLayout);
        g.append('title');
        g.append('rect').attr('class', 'box');
        return g;
      },
      (update) => update.classed('ghost enter', false).attr('aria-hidden', null).attr('data-ghost-of', null),
      (exit) => ghost(exit, sameLayout),
    )
    .attr('class', (d) => nodeClass(d, 'g-group'))
    .attr('data-node-id', (d) => d.node.id)
    .attr('data-diff', (d) => d.node.diff ?? null)
    .call(focusable)
    .on('click', click);
  moveTo(groups, animate);
  groups.select('title').each(textOf((d) => describeNode(d.node)));
  groups.select('rect.box').attr('width', (d) => d.box.w).attr('height', (d) => d.box.h);
  texts(groups, true);

  L.edges
    .selectAll<SVGGElement, SceneEdge>('g.g-edge')
    .data(scene.edges, (d) => d.edge.id)
    .join(
      (enter) => {
        const g = enter.append('g').attr('tabindex', 0).attr('role', 'img');
        g.append('title');
        g.append('path').attr('class', 'hit');
        g.append('path').attr('class', 'line');
        g.append('text').attr('class', 'elabel');
        g.append('text').attr('class', 'hlabel');
        return g;
      },
      (update) => update.attr('aria-hidden', null).attr('data-ghost-of', null).attr('tabindex', 0),
      (exit) => ghostEdges(exit, sameLayout),
    )
    .attr('class', (d) => `g-edge${d.edge.changed ? ' changed' : ''}`)
    .attr('data-edge-kind', (d) => d.edge.kind)
    .attr('data-edge-id', (d) => d.edge.id)
    .attr('data-diff', (d) => d.edge.diff ?? null)
    .attr('data-source', (d) => d.edge.source)
    .attr('data-target', (d) => d.edge.target)
    .attr('aria-label', (d) => `${edgeText(d.edge)}: ${d.edge.source} to ${d.edge.target}`)
    .call((g) => g.select('title').each(textOf((d) => `${edgeText(d.edge)}: ${d.edge.source} → ${d.edge.target}`)))
    // select (not selectAll) hands each child the edge's new datum.
    .call((g) => g.select('path.hit').attr('d', (d) => d.d))
    .call((g) => g.select('path.line').attr('d', (d) => d.d))
    .call((g) =>
      g
        .select<SVGTextElement>('text.elabel')
        .attr('x', (d) => d.label?.x ?? 0)
        .attr('y', (d) => d.label?.y ?? 0)
        .attr('text-anchor', (d) => d.label?.anchor ?? 'start')
        .attr('display', (d) => (d.label ? null : 'none'))
        .each(textOf((d) => (d.label ? (d.edge.label ?? '') : ''))),
    )
    .call((g) =>
      g
        .select<SVGTextElement>('text.hlabel')
        .attr('x', (d) => d.mid.x + 6)
        .attr('y', (d) => d.mid.y - 6)
        .each(textOf((d) => edgeText(d.edge))),
    );

  const nodes = L.nodes
    .selectAll<SVGGElement, SceneNode>('g.g-node')
    .data(scene.nodes, key)
    .join(
      (enter) => {
        const g = enter.append('g').attr('transform', (d) => translate(d.box));
        g.classed('enter', sameLayout);
        g.append('title');
        g.append('rect');
        return g;
      },
      (update) => update.classed('ghost enter', false).attr('aria-hidden', null).attr('data-ghost-of', null),
      (exit) => ghost(exit, sameLayout),
    )
    .attr('class', (d) => nodeClass(d, 'g-node'))
    .attr('data-node-id', (d) => d.node.id)
    .attr('data-diff', (d) => d.node.diff ?? null)
    .attr('data-kind', (d) => d.node.kind)
    .attr('data-group', (d) => d.host)
    .call(focusable)
    .on('click', click);
  moveTo(nodes, animate);
  nodes.select('title').each(textOf((d) => describeNode(d.node)));
  nodes.select('rect').attr('width', (d) => d.box.w).attr('height', (d) => d.box.h);
  texts(nodes, false);

  // Tags: icon + text, one line each, in room the layout reserved inside the object's box.
  const marked = [...scene.groups.map((s) => ({ s, group: true })), ...scene.nodes.map((s) => ({ s, group: false }))].flatMap(({ s, group }) =>
    s.node.marks.slice(0, MAX_MARKS).map((m, i) => ({ id: `${s.node.id}:${i}:${m.code}`, s, m, i, group })),
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
      const w = d.s.box.w - 16;
      const g = select(this).attr('transform', `translate(${d.s.box.x + 8},${d.s.box.y + markTop(d.s, d.group) + d.i * MARK_H})`);
      g.select('title').each(textOf(() => `${d.m.code}: ${d.m.text}${d.s.node.marks.length > MAX_MARKS ? ` (+${d.s.node.marks.length - MAX_MARKS} more, see the inspector)` : ''}`));
      g.select('rect').attr('width', w).attr('height', MARK_H - 2);
      g.select('text').attr('x', 4).attr('y', 12).attr('textLength', squeeze(label, 12, w - 8)).attr('lengthAdjust', 'spacingAndGlyphs').each(textOf(() => label));
    });
}
