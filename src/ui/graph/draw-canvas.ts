/**
 * The canvas renderer for large machines (level of detail): boxes and edges always, labels only
 * when zoomed in enough to read them. Same scene as the SVG renderer.
 */
import type { ZoomTransform } from '../../store';
import type { Scene, SceneNode } from './scene';

const css = (el: Element, name: string) => getComputedStyle(el).getPropertyValue(name).trim() || '#888';

const FILL: Record<string, [string, string]> = {
  pci: ['--pci', '--pci-b'],
  mdev: ['--mdev', '--mdev-b'],
  domain: ['--domain', '--domain-b'],
  pasid: ['--pasid', '--pasid-b'],
  container: ['--container', '--container-b'],
  group: ['--group', '--group-b'],
};
const EDGE: Record<string, string> = {
  iommu_device: '--e-iommu', domain: '--e-domain', default_domain: '--e-default', aux: '--e-aux',
  pasid_array: '--e-pasid', pasid: '--e-pasid', breadcrumb: '--e-crumb', container: '--e-container',
};

export function drawCanvas(canvas: HTMLCanvasElement, scene: Scene, t: ZoomTransform): void {
  const dpr = window.devicePixelRatio || 1;
  const r = canvas.getBoundingClientRect();
  if (canvas.width !== Math.round(r.width * dpr) || canvas.height !== Math.round(r.height * dpr)) {
    canvas.width = Math.round(r.width * dpr);
    canvas.height = Math.round(r.height * dpr);
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(dpr * t.k, 0, 0, dpr * t.k, dpr * t.x, dpr * t.y);
  // Cull to the visible world rectangle.
  const vx0 = -t.x / t.k, vy0 = -t.y / t.k, vx1 = vx0 + r.width / t.k, vy1 = vy0 + r.height / t.k;
  const visible = (s: SceneNode) => s.box.x < vx1 && s.box.x + s.box.w > vx0 && s.box.y < vy1 && s.box.y + s.box.h > vy0;
  const color = new Map<string, string>();
  const c = (v: string) => color.get(v) ?? (color.set(v, css(canvas, v)), color.get(v)!);
  const detail = t.k > 0.45;

  ctx.lineWidth = 1 / Math.max(t.k, 0.3);
  for (const s of scene.groups) {
    if (!visible(s)) continue;
    ctx.fillStyle = c('--group');
    ctx.strokeStyle = s.node.changed ? c('--changed') : s.selected ? c('--sel') : c('--group-b');
    ctx.fillRect(s.box.x, s.box.y, s.box.w, s.box.h);
    ctx.strokeRect(s.box.x, s.box.y, s.box.w, s.box.h);
  }
  const byKind = new Map<string, Path2D>();
  for (const e of scene.edges) {
    const [x0, y0, x1, y1, x2, y2, x3, y3] = e.c;
    if (Math.max(x0, x3) < vx0 || Math.min(x0, x3) > vx1 || Math.max(y0, y3, y1) < vy0 || Math.min(y0, y3, y1) > vy1) continue;
    let p = byKind.get(e.edge.kind);
    if (!p) byKind.set(e.edge.kind, (p = new Path2D()));
    p.moveTo(x0, y0);
    p.bezierCurveTo(x1, y1, x2, y2, x3, y3);
  }
  for (const [kind, p] of byKind) {
    ctx.strokeStyle = c(EDGE[kind] ?? '--e-member');
    ctx.stroke(p);
  }
  ctx.font = '12px system-ui, sans-serif';
  for (const s of scene.nodes) {
    if (!visible(s)) continue;
    const [f, b] = FILL[s.node.kind];
    ctx.fillStyle = c(f);
    ctx.strokeStyle = s.node.changed ? c('--changed') : s.selected ? c('--sel') : c(b);
    ctx.fillRect(s.box.x, s.box.y, s.box.w, s.box.h);
    ctx.strokeRect(s.box.x, s.box.y, s.box.w, s.box.h);
    if (s.node.marks.length) {
      ctx.fillStyle = c(s.node.marks.some((m) => m.level === 'oops') ? '--oops' : '--warn');
      ctx.fillRect(s.box.x + s.box.w - 14, s.box.y - 8, 16, 14);
    }
    if (detail) {
      ctx.fillStyle = c('--fg');
      ctx.fillText(s.node.label, s.box.x + 6, s.box.y + 15);
    }
  }
  if (detail) for (const s of scene.groups) if (visible(s)) ctx.fillText(s.node.label, s.box.x + 6, s.box.y + 13);
}

/** The node under a screen point (groups last, so devices inside win). */
export function hitTest(scene: Scene, t: ZoomTransform, px: number, py: number): string | null {
  const x = (px - t.x) / t.k, y = (py - t.y) / t.k;
  const inBox = (s: SceneNode) => x >= s.box.x && x <= s.box.x + s.box.w && y >= s.box.y && y <= s.box.y + s.box.h;
  for (const s of scene.nodes) if (inBox(s)) return s.node.id;
  for (const s of scene.groups) if (inBox(s)) return s.node.id;
  return null;
}
