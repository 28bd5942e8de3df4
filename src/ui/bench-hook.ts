/**
 * A test hook for the benchmark, installed only with `?bench` in the URL: load a scenario,
 * time a step from the command to the painted picture.
 */
import { selectRun, type AppStore } from '../store';
import type { DesignId } from '../core';
import { nextDraw } from './graph/draw-signal';
import { stepsOf } from '../store/cursor';
import { afterNextPaint } from './after-paint';

declare global {
  interface Window {
    __bench?: {
      load: (text: string, design?: string) => Promise<number>;
      step: (delta: number) => Promise<number>;
      seek: (cursor: number) => Promise<number>;
      /** Steps and resolves once the graph drew the new picture (no frame wait: for DOM checks). */
      stepDrawn: (delta: number) => Promise<void>;
      steps: () => number;
      nodes: () => number;
      /** True once no run is under way and the shown run is of the store's text. */
      idle: () => boolean;
      /** performance.now() of the latest result the store received (a run that completed). */
      lastResultAt: () => number;
      /** Lines of the text the latest result ran. */
      resultLines: () => number;
    };
  }
}

/** Resolves after the next frame has been painted. */
const painted = () => new Promise<void>((r) => afterNextPaint(r));

export function installBenchHook(store: AppStore): void {
  let lastResultAt = 0;
  store.subscribe((s, p) => {
    if (selectRun(s) !== selectRun(p) || s.runs !== p.runs) lastResultAt = performance.now();
  });
  /** From the command to the first frame after the graph drew the new picture. */
  const timed = async (fn: () => void) => {
    const drawn = nextDraw();
    const t0 = performance.now();
    fn();
    await Promise.race([drawn, new Promise((r) => setTimeout(r, 2000))]);
    await new Promise<void>((r) => requestAnimationFrame(() => r()));
    const t1 = performance.now();
    await painted();
    return t1 - t0;
  };
  window.__bench = {
    load: (text, design) => timed(() => store.getState().load(text, (design as DesignId) ?? null)),
    step: (d) => timed(() => store.getState().step(d)),
    seek: (c) => timed(() => store.getState().seek(c)),
    stepDrawn: (d) => {
      const drawn = nextDraw();
      store.getState().step(d);
      return Promise.race([drawn, new Promise<void>((r) => setTimeout(r, 2000))]);
    },
    steps: () => {
      const r = selectRun(store.getState());
      return r ? stepsOf(r).length : 0;
    },
    nodes: () => document.querySelectorAll('[data-node-id]').length,
    idle: () => !store.getState().running,
    lastResultAt: () => lastResultAt,
    resultLines: () => store.getState().text.split('\n').length,
  };
}
