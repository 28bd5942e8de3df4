// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { closeTour, isFirstVisit, openTour, tourStop, TOUR_KEY } from '../../../src/ui/tour/state';
import { STOPS } from '../../../src/ui/tour/steps';

afterEach(() => localStorage.clear());

describe('first visit', () => {
  it('is a plain address with nothing saved and the tour never done', () => {
    expect(isFirstVisit('', '', false)).toBe(true);
    expect(isFirstVisit('', '#', false)).toBe(true);
  });
  it('is not a link, the bench, ?tour=0, a returning visitor or a finished tour', () => {
    expect(isFirstVisit('', '#text=pci%20P1', false)).toBe(false);
    expect(isFirstVisit('?bench', '', false)).toBe(false);
    expect(isFirstVisit('?tour=0', '', false)).toBe(false);
    expect(isFirstVisit('', '', true)).toBe(false);
    localStorage.setItem(TOUR_KEY, 'done');
    expect(isFirstVisit('', '', false)).toBe(false);
    // ?tour=1 opens it whatever came before.
    expect(isFirstVisit('?tour=1', '#text=x', true)).toBe(true);
  });
  it('closing the tour (Done, Skip, Esc) marks it done', () => {
    openTour(2);
    expect(tourStop()).toBe(2);
    closeTour();
    expect(tourStop()).toBeNull();
    expect(localStorage.getItem(TOUR_KEY)).toBe('done');
  });
  it('has at most six stops, the last on Compare', () => {
    expect(STOPS.length).toBeLessThanOrEqual(6);
    expect(STOPS.at(-1)!.id).toBe('compare');
    expect(STOPS.at(-1)!.enter).toBeDefined();
  });
});
