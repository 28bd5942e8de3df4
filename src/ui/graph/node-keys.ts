/**
 * The graph from the keyboard. Objects (and overview tiles) take focus with Tab; the arrow keys
 * move to the nearest object in that direction (the nearest whose centre lies in the direction's
 * 90° cone, measured on screen, so it works at any zoom); Enter selects the object and puts the
 * focus on the first of its calls (the list at the graph's bottom left); Escape from that list
 * comes back to the object. The arrows do not step the timeline while an object has the focus.
 */
export type Dir = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';
export interface Placed {
  readonly id: string;
  readonly x: number;
  readonly y: number;
}

const DIRS: Record<Dir, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

/** The nearest other item whose centre is within 45° of the direction from `from`; null if none. Pure. */
export function neighbour(from: Placed, items: readonly Placed[], dir: Dir): Placed | null {
  const [dx, dy] = DIRS[dir];
  let best: Placed | null = null;
  let bestD = Infinity;
  for (const it of items) {
    if (it.id === from.id) continue;
    const vx = it.x - from.x, vy = it.y - from.y;
    const along = vx * dx + vy * dy;
    const across = Math.abs(vx * dy - vy * dx);
    if (along <= 0 || across > along) continue;
    // Distance, with a little weight on the sideways offset so a neighbour straight ahead wins a tie.
    const d = Math.hypot(vx, vy) + across * 0.5;
    if (d < bestD) {
      bestD = d;
      best = it;
    }
  }
  return best;
}

const FOCUSABLE = '.g-node[data-node-id][tabindex], .g-group[data-node-id][tabindex], .g-tile[data-node-id]';

function placed(svg: SVGSVGElement): Placed[] {
  return [...svg.querySelectorAll<SVGGElement>(FOCUSABLE)].map((el) => {
    // The box itself (a group's devices are inside its <g> and would stretch its rect).
    const r = (el.querySelector(':scope > rect') ?? el).getBoundingClientRect();
    return { id: el.getAttribute('data-node-id')!, x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
}

const nodeEl = (svg: SVGSVGElement, id: string) => svg.querySelector<SVGGElement>(`${FOCUSABLE.split(', ').map((s) => `${s}[data-node-id="${CSS.escape(id)}"]`).join(', ')}`);

/** Binds the keys on a graph's <svg>; `onOpen(id)` selects the object (its calls then appear). */
export function bindNodeKeys(svg: SVGSVGElement, onOpen: (id: string) => void): () => void {
  let opened: string | null = null;
  const onKey = (e: KeyboardEvent) => {
    const el = (e.target as Element).closest?.(FOCUSABLE);
    if (!el || e.altKey || e.ctrlKey || e.metaKey) return;
    const id = el.getAttribute('data-node-id')!;
    if (e.key in DIRS) {
      e.preventDefault();
      const all = placed(svg);
      const from = all.find((p) => p.id === id);
      const to = from && neighbour(from, all, e.key as Dir);
      if (to) nodeEl(svg, to.id)?.focus();
    } else if ((e.key === 'Enter' || e.key === ' ') && !el.classList.contains('g-tile')) {
      e.preventDefault();
      opened = id;
      onOpen(id);
      // The calls list renders with the selection: focus its first call once it is there.
      requestAnimationFrame(() => requestAnimationFrame(() => (document.querySelector<HTMLElement>('.offers [data-offer]') ?? document.querySelector<HTMLElement>('.offers button'))?.focus()));
    }
  };
  const onDocKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !opened || !(e.target as Element).closest?.('.offers')) return;
    const el = nodeEl(svg, opened);
    if (!el) return;
    // Back to the object, its selection kept (a second Escape there clears it).
    e.preventDefault();
    el.focus();
  };
  svg.addEventListener('keydown', onKey);
  document.addEventListener('keydown', onDocKey, true);
  return () => {
    svg.removeEventListener('keydown', onKey);
    document.removeEventListener('keydown', onDocKey, true);
  };
}
