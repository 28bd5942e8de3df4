/**
 * The guided first visit: a card per stop beside what it explains, a ring around that element,
 * Back / Next / Skip on each card (Esc skips). It never blocks the page: the ring and the card
 * let clicks through around them, and the app's keys keep working.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useAppStore } from '../store-context';
import { STOPS } from './steps';
import { closeTour, openTour, useTourStop } from './state';
import './tour.css';

interface Place {
  card: { left: number; top: number };
  ring: { left: number; top: number; width: number; height: number } | null;
}

const GAP = 12;

function visibleTarget(sel: string | undefined): DOMRect | null {
  if (!sel) return null;
  for (const el of document.querySelectorAll(sel)) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) return r;
  }
  return null;
}

/** Beside the target where the card fits (below, above, right, left), else over its lower right corner. */
function place(t: DOMRect | null, w: number, h: number, vw: number, vh: number): Place {
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  if (!t) return { card: { left: (vw - w) / 2, top: Math.max(GAP, (vh - h) / 3) }, ring: null };
  const ring = { left: t.left - 4, top: t.top - 4, width: t.width + 8, height: t.height + 8 };
  const cx = clamp(t.left + t.width / 2 - w / 2, GAP, vw - w - GAP);
  const cy = clamp(t.top + t.height / 2 - h / 2, GAP, vh - h - GAP);
  if (t.bottom + GAP + h <= vh - GAP) return { card: { left: cx, top: t.bottom + GAP }, ring };
  if (t.top - GAP - h >= GAP) return { card: { left: cx, top: t.top - GAP - h }, ring };
  if (t.right + GAP + w <= vw - GAP) return { card: { left: t.right + GAP, top: cy }, ring };
  if (t.left - GAP - w >= GAP) return { card: { left: t.left - GAP - w, top: cy }, ring };
  return { card: { left: clamp(t.right - w - GAP * 2, GAP, vw - w - GAP), top: clamp(t.bottom - h - GAP * 2, GAP, vh - h - GAP) }, ring };
}

export function Tour() {
  const store = useAppStore();
  const at = useTourStop();
  const card = useRef<HTMLDivElement>(null);
  const primary = useRef<HTMLButtonElement>(null);
  const [pos, setPos] = useState<Place | null>(null);
  const stop = at === null ? null : STOPS[at];

  useEffect(() => {
    if (!stop) return;
    // The playground's views for the first stops (Help may reopen it from another view).
    if (!stop.enter && store.getState().mode !== 'play') store.getState().setMode('play');
    stop.enter?.(store);
  }, [stop, store]);

  useLayoutEffect(() => {
    if (!stop) return;
    let frame = 0;
    const measure = () => {
      const c = card.current;
      if (!c) return;
      setPos(place(visibleTarget(stop.target), c.offsetWidth, c.offsetHeight, window.innerWidth, window.innerHeight));
    };
    measure();
    // The target may appear a frame later (the Compare view the last stop opens).
    frame = requestAnimationFrame(() => (frame = requestAnimationFrame(measure)));
    window.addEventListener('resize', measure);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('resize', measure);
    };
  }, [stop]);

  const placed = pos !== null;
  useEffect(() => {
    // Once the card is placed (a hidden element cannot take the focus).
    if (stop && placed) primary.current?.focus({ preventScroll: true });
  }, [stop, placed]);

  useEffect(() => {
    if (!stop) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || store.getState().helpOpen) return;
      e.preventDefault();
      closeTour();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [stop, store]);

  if (!stop || at === null) return null;
  const last = at === STOPS.length - 1;
  return (
    <>
      {pos?.ring && <div className="tour-ring" style={pos.ring} aria-hidden="true" />}
      <div
        ref={card}
        className="tour-card"
        role="dialog"
        aria-modal="false"
        aria-labelledby="tour-title"
        aria-describedby="tour-text"
        data-tour-stop={stop.id}
        style={pos ? { left: pos.card.left, top: pos.card.top } : { visibility: 'hidden' }}
      >
        <div className="tour-count">
          {at + 1} / {STOPS.length}
        </div>
        <h2 id="tour-title">{stop.title}</h2>
        <p id="tour-text">{stop.text}</p>
        <div className="tour-actions">
          <button type="button" className="tour-skip" onClick={closeTour}>
            Skip tour
          </button>
          {at > 0 && (
            <button type="button" onClick={() => openTour(at - 1)}>
              Back
            </button>
          )}
          <button type="button" ref={primary} className="tour-next" onClick={() => (last ? closeTour() : openTour(at + 1))}>
            {last ? 'Done' : at === 0 ? 'Start the tour' : 'Next'}
          </button>
        </div>
      </div>
    </>
  );
}
