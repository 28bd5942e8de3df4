/**
 * planJob (src/runner/pure/job.ts) on its own, drained at once: which design runs, what a text
 * that does not parse gives while typing and on a load, how much work an edit costs with the
 * reuse cache, and a run that crashes. The runner tests meet it only through the scheduler,
 * where most of these paths went untested (npm run mutate, docs/testing.md).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DESIGN, type DesignId } from '../../src/core';
import { planJob, type ReuseCache, type RunRequest } from '../../src/runner/pure/job';
import type { Engine } from '../../src/runner/pure/engine';
import { scnEngine } from '../../src/runner/scn-engine';
import { drain } from './plain';

const TEXT = 'design: v3-group-flag, driver-map\npci P1 siov\nmdev m1 parent=P1\ncontainer C\niommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0\nvfio_attach_group(C, G_m1) => 0\n';
const req = (text: string, over: Partial<RunRequest> = {}): RunRequest => ({ text, wanted: null, extra: [], lastGood: true, ...over });
const job = (text: string, over: Partial<RunRequest> = {}, cache: ReuseCache = new Map(), engine: Engine = scnEngine) => planJob(engine, engine.parse(text), req(text, over), cache);

describe('planJob', () => {
  it("runs the header's designs, showing the first unless a known design is wanted", () => {
    const r = drain(job(TEXT).steps);
    expect(r.design).toBe('v3-group-flag');
    expect(Object.keys(r.runs).sort()).toEqual(['driver-map', 'v3-group-flag']);
    expect(r.stale).toBe(false);
    expect(r.errors).toEqual([]);
    expect(drain(job(TEXT, { wanted: 'driver-map' }).steps).design).toBe('driver-map');
    // A wanted design the engine does not know falls back to the header's first.
    expect(drain(job(TEXT, { wanted: 'no-such' as DesignId }).steps).design).toBe('v3-group-flag');
    // No header: the wanted design, else the default.
    const bare = TEXT.replace(/^design:.*\n/, '');
    expect(drain(job(bare).steps).design).toBe(DEFAULT_DESIGN);
    expect(drain(job(bare, { wanted: 'pasid-6.x' }).steps).design).toBe('pasid-6.x');
    // extra designs (the compare view's) run too, once each.
    expect(Object.keys(drain(job(TEXT, { extra: ['pasid-6.x', 'driver-map'] }).steps).runs).sort()).toEqual(['driver-map', 'pasid-6.x', 'v3-group-flag']);
  });
  it("gives the shown design's run errors as its errors", () => {
    const r = drain(job(TEXT.replace('vfio_attach_group(C, G_m1)', 'vfio_attach_group(C9, G_m1)')).steps);
    expect(r.stale).toBe(false);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors).toBe(r.runs['v3-group-flag']!.errors);
  });
  it('while typing, a text that does not parse keeps the last good run: nothing runs', () => {
    const broken = `${TEXT}vfio_attach_group(C,\n`;
    const j = job(broken);
    expect(j.work).toBe(0);
    const r = drain(j.steps);
    expect(r).toMatchObject({ runs: {}, stale: true });
    expect(r.errors.length).toBeGreaterThan(0);
  });
  it('on a load, a text that does not parse runs what did parse, marked stale', () => {
    const broken = `${TEXT}vfio_attach_group(C,\n`;
    const j = job(broken, { lastGood: false });
    expect(j.work).toBeGreaterThan(0);
    const r = drain(j.steps);
    expect(r.stale).toBe(true);
    expect(Object.keys(r.runs)).toEqual(['v3-group-flag']);
    expect(r.runs['v3-group-flag']!.entries.length).toBeGreaterThan(0);
    expect(r.errors[0].line).toBe(7);
  });
  it('an edit costs the statements after what it shares with the last run, per design', () => {
    const cache: ReuseCache = new Map();
    const first = job(TEXT, {}, cache);
    drain(first.steps);
    const edited = `${TEXT}iommu_get_domain_for_dev(m1)\n`;
    const second = job(edited, {}, cache);
    expect(second.work).toBeLessThan(first.work);
    expect(second.work).toBeGreaterThan(0);
    const r = drain(second.steps);
    const fresh = drain(job(edited).steps);
    expect(r.runs['driver-map']!.entries.map((e) => e.got)).toEqual(fresh.runs['driver-map']!.entries.map((e) => e.got));
    // The same text again: nothing to run.
    expect(job(edited, {}, cache).work).toBe(0);
  });
  it('an engine without runSteps runs at once, its work not counted', () => {
    const { runSteps: _, ...plain } = scnEngine;
    const j = job(TEXT, {}, new Map(), plain);
    expect(j.work).toBe(0);
    expect(Object.keys(drain(j.steps).runs).sort()).toEqual(['driver-map', 'v3-group-flag']);
  });
  it('a run that crashes is an error on line 1, never an exception', () => {
    const crashing: Engine = { ...scnEngine, runSteps: undefined, run: () => { throw new Error('boom'); } };
    const r = drain(job(TEXT, { lastGood: false }, new Map(), crashing).steps);
    expect(r).toMatchObject({ runs: {}, stale: false, errors: [{ line: 1, col: 1, message: 'run crashed: Error: boom' }] });
    expect(drain(job(TEXT, { lastGood: true }, new Map(), crashing).steps).stale).toBe(true);
    // A crash while running what parsed of a broken text: no run, not stale.
    const partial = drain(job(`${TEXT}vfio_attach_group(C,\n`, { lastGood: false }, new Map(), crashing).steps);
    expect(partial).toMatchObject({ runs: {}, stale: false });
  });
});
