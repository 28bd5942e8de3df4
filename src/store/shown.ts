/** The run the views show, derived (the simulation slice stores `runs` and `lastGood`, never the shown run). */
import type { DesignId } from '../core';
import type { Run } from './engine-types';

/** The shown design's run, else (syntax errors) the last good one. */
export const selectRun = (s: { readonly runs: Partial<Record<DesignId, Run>>; readonly design: DesignId; readonly lastGood: Run | null }): Run | null =>
  s.runs[s.design] ?? s.lastGood;
