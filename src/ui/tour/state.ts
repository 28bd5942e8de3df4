/**
 * Whether the tour is open and at which stop; who may open it (a first visit, Help). A tiny
 * store of its own: the tour is the page's guide, not part of the scenario's state.
 */
import { useSyncExternalStore } from 'react';
import { readItem, writeItem } from '../persist/storage';

/** Set once the tour was finished or skipped: it does not come back by itself. */
export const TOUR_KEY = 'iommu-playground.tour';

let at: number | null = null;
const subs = new Set<() => void>();
const emit = () => subs.forEach((f) => f());

export const openTour = (stop = 0) => {
  at = stop;
  emit();
};
export const closeTour = () => {
  at = null;
  writeItem(TOUR_KEY, 'done');
  emit();
};
export const tourStop = () => at;
export const useTourStop = () =>
  useSyncExternalStore(
    (f) => {
      subs.add(f);
      return () => subs.delete(f);
    },
    () => at,
  );

/**
 * A first visit: a plain address (no link in it, not the bench), nothing saved from an earlier
 * visit, the tour never finished or skipped here. `?tour=1` opens it anyway, `?tour=0` never.
 */
export function isFirstVisit(search: string, hash: string, hadSaved: boolean): boolean {
  const q = new URLSearchParams(search);
  if (q.get('tour') === '1') return true;
  if (q.get('tour') === '0' || q.has('bench')) return false;
  if (hash !== '' && hash !== '#') return false;
  if (hadSaved) return false;
  const r = readItem(TOUR_KEY);
  return r.ok && r.value === null;
}
