import { describe, expect, it } from 'vitest';
import { createAppStore, selectRun } from '../../src/store';
import { stepsOf } from '../../src/store/cursor';
import { frameAt, selectGraph } from '../../src/store/selectors';
import { fakeEngine } from './fake-engine';

// Two declarations (the initial machine) and three steps.
const TEXT = 'pci P1\npci P2\ncall_a()\ncall_b() => 0\ncall_c()\n';
const make = () => createAppStore(fakeEngine());

describe('app store (vanilla)', () => {
  it('load runs the text; the timeline starts at the declared machine', () => {
    const s = make();
    s.getState().load(TEXT);
    const st = s.getState();
    expect(stepsOf(selectRun(st)!).map((e) => e.text)).toEqual(['call_a()', 'call_b() => 0', 'call_c()']);
    expect(st.cursor).toBe(0);
    expect(st.design).toBe('upstream-5.8');
    expect(frameAt(selectRun(st), 0).machine!.devs.size).toBe(2);
  });

  it('steps, seeks and clamps at both ends', () => {
    const s = make();
    s.getState().load(TEXT);
    s.getState().step(1);
    expect(s.getState().cursor).toBe(1);
    s.getState().step(-10);
    expect(s.getState().cursor).toBe(0);
    s.getState().toEnd();
    expect(s.getState().cursor).toBe(3);
    s.getState().step(1);
    expect(s.getState().cursor).toBe(3);
    s.getState().seek(2);
    expect(frameAt(selectRun(s.getState()), 2).entry!.text).toBe('call_b() => 0');
  });

  it('step, step, back, forward is where it was (history is a cursor)', () => {
    const s = make();
    s.getState().load(TEXT);
    const { step } = s.getState();
    for (const d of [1, 1, -1, 1]) step(d);
    expect(s.getState().cursor).toBe(2);
  });

  it('editing a line in the past re-runs and moves the cursor to just after it', () => {
    const s = make();
    s.getState().load(TEXT);
    s.getState().seek(2);
    s.getState().edit(TEXT.replace('call_a()', 'call_x()'));
    expect(s.getState().cursor).toBe(1);
    expect(stepsOf(selectRun(s.getState())!)[0].text).toBe('call_x()');
  });

  it('an edit after the cursor keeps it', () => {
    const s = make();
    s.getState().load(TEXT);
    s.getState().seek(1);
    s.getState().edit(TEXT.replace('call_c()', 'call_y()'));
    expect(s.getState().cursor).toBe(1);
  });

  it('a cursor at the end follows the end while typing', () => {
    const s = make();
    s.getState().load(TEXT);
    s.getState().toEnd();
    s.getState().edit(`${TEXT}call_d()\n`);
    expect(s.getState().cursor).toBe(4);
  });

  it('syntax errors keep the last good run (stale) and report where', () => {
    const s = make();
    s.getState().load(TEXT);
    const good = selectRun(s.getState());
    s.getState().edit(`${TEXT}oops !!\n`);
    const st = s.getState();
    expect(selectRun(st)).toBe(good);
    expect(st.stale).toBe(true);
    expect(st.errors).toEqual([{ line: 6, col: 6, message: 'unexpected !!' }]);
  });

  it('a broken link shows its errors and what did parse', () => {
    const s = make();
    s.getState().load('pci P1\ncall_a() !!');
    expect(s.getState().errors).toHaveLength(1);
    expect(s.getState().stale).toBe(true);
    expect(selectGraph(s.getState())!.nodes.map((n) => n.id)).toContain('P1');
  });

  it('appendCall adds a line, runs it and moves to the end', () => {
    const s = make();
    s.getState().load(TEXT);
    const v = s.getState().textVersion;
    s.getState().appendCall('call_z()');
    const st = s.getState();
    expect(st.text.endsWith('call_z()\n')).toBe(true);
    expect(st.cursor).toBe(4);
    expect(st.textVersion).toBe(v + 1);
  });

  it('runs every design the header names, shows the chosen one', () => {
    const s = make();
    s.getState().load(`design: v3-group-flag, driver-map\n${TEXT}`);
    expect(s.getState().design).toBe('v3-group-flag');
    expect(Object.keys(s.getState().runs).sort()).toEqual(['driver-map', 'v3-group-flag']);
    s.getState().setDesign('driver-map');
    expect(selectRun(s.getState())!.design).toBe('driver-map');
  });

  it('view state never touches the simulation', () => {
    const s = make();
    s.getState().load(TEXT);
    const run = selectRun(s.getState());
    s.getState().select('P1');
    s.getState().select('P2', true);
    s.getState().pin({ P1: { x: 1, y: 2 } });
    s.getState().setTheme('dark');
    expect(s.getState().selection).toEqual(['P1', 'P2']);
    expect(selectRun(s.getState())).toBe(run);
    s.getState().select('P1', true);
    expect(s.getState().selection).toEqual(['P2']);
  });

  it('play from the end restarts; pause stops', () => {
    const s = make();
    s.getState().load(TEXT);
    s.getState().toEnd();
    s.getState().play();
    expect(s.getState()).toMatchObject({ playing: true, cursor: 0 });
    s.getState().togglePlay();
    expect(s.getState().playing).toBe(false);
  });

  it('the graph selector is memoised per frame', () => {
    const s = make();
    s.getState().load(TEXT);
    expect(selectGraph(s.getState())).toBe(selectGraph(s.getState()));
    expect(selectGraph(s.getState())!.nodes.map((n) => n.id)).toContain('P2');
  });
});
