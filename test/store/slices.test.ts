import { describe, expect, it } from 'vitest';
import { createAppStore, selectRun } from '../../src/store';
import { selectGraph } from '../../src/store/selectors';
import type { RemoteHost } from '../../src/runner';
import { createHost } from '../../src/runner/host';
import { lastFrameGraphs } from '../../src/runner/frame-graph';
import { toGraph } from '../../src/derive/graph';
import { stepsOf } from '../../src/store/cursor';
import { engine } from '../../src/ui/engine';
import { fakeEngine } from './fake-engine';

const TEXT = 'pci P1\npci P2\ncall_a()\ncall_b() => 0\ncall_c()\n';

describe('one store: compare, notices and presenter are slices', () => {
  it('the compare views ask the runner for their designs; they share the cursor', () => {
    const s = createAppStore(engine);
    s.getState().load('design: upstream-5.8\npci P1 siov\nmdev m1 parent=P1\niommu_get_domain_for_dev(m1)\niommu_get_domain_for_dev(m1)\n');
    const header = s.getState().designs;
    s.getState().setCompareDesigns(['domain-flag', 'driver-map']);
    expect(s.getState().runs['domain-flag']).toBeUndefined(); // the playground does not need them
    s.getState().setMode('compare');
    expect(s.getState().runs['domain-flag']).toBeDefined();
    expect(s.getState().runs['driver-map']).toBeDefined();
    expect(s.getState().designs).toEqual(header);
    s.getState().seek(2);
    expect(s.getState().cursor).toBe(2);
  });

  it('a comparison keeps at least two designs, in registry order', () => {
    const s = createAppStore(fakeEngine());
    s.getState().setCompareDesigns(['driver-map', 'upstream-5.8']);
    expect(s.getState().compare.designs).toEqual(['upstream-5.8', 'driver-map']);
    s.getState().toggleCompareDesign('driver-map');
    expect(s.getState().compare.designs).toEqual(['upstream-5.8', 'driver-map']);
    s.getState().toggleCompareDesign('pasid-6.x');
    s.getState().toggleCompareDesign('upstream-5.8');
    expect(s.getState().compare.designs).toEqual(['driver-map', 'pasid-6.x']);
  });

  it('a compared variant is run by the one runner and sits right after its design', () => {
    const s = createAppStore(engine);
    s.getState().load('design: pasid-6.x\npci P1 pasids=1048576 siov\nmdev m1 parent=P1\ncontainer C\nvfio_attach_group(C, G_m1)\n');
    s.getState().setMode('compare');
    s.getState().setCompareDesigns(['pasid-6.x+reuse=domain-pasid', 'upstream-5.8', 'pasid-6.x']);
    expect(s.getState().compare.designs).toEqual(['upstream-5.8', 'pasid-6.x', 'pasid-6.x+reuse=domain-pasid']);
    expect(s.getState().runs['pasid-6.x+reuse=domain-pasid']?.design).toBe('pasid-6.x+reuse=domain-pasid');
  });

  it('notices: one per topic, the newest four, dismissed by id or topic', () => {
    const s = createAppStore(fakeEngine());
    const a = s.getState().notify({ kind: 'info', topic: 'link', text: 'one' });
    const b = s.getState().notify({ kind: 'info', topic: 'link', text: 'two' });
    expect(b).not.toBe(a);
    expect(s.getState().notices.map((n) => n.text)).toEqual(['two']);
    for (const t of ['a', 'b', 'c', 'd']) s.getState().notify({ kind: 'error', topic: t, text: t });
    expect(s.getState().notices.map((n) => n.topic)).toEqual(['a', 'b', 'c', 'd']);
    s.getState().dismiss('b');
    s.getState().dismiss(s.getState().notices[0].id);
    expect(s.getState().notices.map((n) => n.topic)).toEqual(['c', 'd']);
  });

  it('presenting is store state', () => {
    const s = createAppStore(fakeEngine());
    s.getState().setPresenting(true);
    expect(s.getState().presenting).toBe(true);
  });
});

describe('linking', () => {
  it('setting the same link again (the editor does on every keystroke) notifies no subscriber', () => {
    const s = createAppStore(fakeEngine());
    let calls = 0;
    s.subscribe(() => calls++);
    s.getState().setLinked({ from: 'editor', ids: ['P1'], lines: [3] });
    expect(calls).toBe(1);
    s.getState().setLinked({ from: 'editor', ids: ['P1'], lines: [3] });
    s.getState().setLinked(null, 'graph'); // another view's link is not this one
    expect(calls).toBe(1);
    s.getState().setLinked(null, 'editor');
    expect(calls).toBe(2);
    expect(s.getState().linked).toBeNull();
    s.getState().setLinked(null);
    expect(calls).toBe(2);
  });
});

describe('a long run: the last complete result stays while the next one runs', () => {
  it('running is set, the old run shown, then the result lands with the cursor rules applied', () => {
    const queue: (() => void)[] = [];
    const s = createAppStore(engine, { runner: { syncWork: 0, sliceMs: 0, now: () => 0, later: (fn) => void queue.push(fn) } });
    const drain = () => {
      while (queue.length) queue.shift()!();
    };
    const text = 'pci P1 pasids=1048576 siov\nmdev m1 parent=P1\niommu_get_domain_for_dev(m1)\niommu_get_domain_for_dev(m1)\n';
    s.getState().load(text);
    expect(s.getState()).toMatchObject({ running: true, text });
    expect(selectRun(s.getState())).toBeNull();
    drain();
    expect(s.getState().running).toBe(false);
    s.getState().toEnd();
    const before = selectRun(s.getState())!;
    s.getState().edit(`${text}iommu_get_domain_for_dev(m1)\n`);
    expect(s.getState()).toMatchObject({ running: true });
    expect(selectRun(s.getState())).toBe(before);
    drain();
    expect(s.getState().running).toBe(false);
    expect(stepsOf(selectRun(s.getState())!)).toHaveLength(3);
    expect(s.getState().cursor).toBe(3); // a cursor at the end follows the end
  });

  it('a result that arrives later lands in a later task (landLater), unless a newer request came first', () => {
    const queue: (() => void)[] = [];
    const landing: (() => void)[] = [];
    const s = createAppStore(engine, { runner: { syncWork: 0, sliceMs: 0, now: () => 0, later: (fn) => void queue.push(fn) }, sim: { landLater: (fn) => void landing.push(fn) } });
    const text = 'pci P1 pasids=1048576 siov\nmdev m1 parent=P1\niommu_get_domain_for_dev(m1)\n';
    s.getState().load(text);
    while (queue.length) queue.shift()!();
    expect(landing).toHaveLength(1);
    expect(s.getState().running).toBe(true);
    landing.shift()!();
    expect(s.getState().running).toBe(false);
    expect(stepsOf(selectRun(s.getState())!)).toHaveLength(1);
    s.getState().toEnd();
    // Arrived, then overtaken by an edit before it landed: it never lands. (With the cursor at
    // the end, each edit shows a new frame whose graph is not built yet: they land later.)
    s.getState().edit(`${text}iommu_get_domain_for_dev(m1)\n`);
    while (queue.length) queue.shift()!();
    s.getState().edit(`${text}iommu_get_domain_for_dev(m1)\niommu_get_domain_for_dev(m1)\n`);
    landing.shift()!();
    expect(s.getState().running).toBe(true);
    while (queue.length) queue.shift()!();
    landing.shift()!();
    expect(stepsOf(selectRun(s.getState())!)).toHaveLength(3);
  });

  it("a result that brings the shown frame's graph (the Worker builds it) lands at once, and that graph is the one shown", () => {
    const tasks: (() => void)[] = [];
    const remote: RemoteHost = { post: (m) => tasks.push(() => host.receive(structuredClone(m))), onmessage: null, onerror: null };
    const host = createHost(engine, (m) => tasks.push(() => remote.onmessage!(structuredClone(m))), { prepareGraphs: lastFrameGraphs });
    const landing: (() => void)[] = [];
    const s = createAppStore(engine, { runner: { remote, offThreadChars: 0 }, sim: { landLater: (fn) => void landing.push(fn) } });
    const text = 'pci P1 pasids=1048576 siov\nmdev m1 parent=P1\niommu_get_domain_for_dev(m1)\n';
    s.getState().load(text, null, { cursor: Infinity });
    while (tasks.length) tasks.shift()!();
    s.getState().edit(`${text}iommu_get_domain_for_dev(m1)\n`);
    expect(s.getState().running).toBe(true);
    let seen: unknown = null;
    const off = s.subscribe((st) => (seen ??= st.running ? null : selectGraph(st)));
    while (tasks.length) tasks.shift()!();
    off();
    expect(landing).toHaveLength(0);
    expect(s.getState().running).toBe(false);
    expect(s.getState().cursor).toBe(2);
    const run = selectRun(s.getState())!;
    const last = run.entries.at(-1)!;
    expect(seen).toEqual(toGraph(last.machine, engine.design(run.design), last.step));
  });

  it('a result that arrives later waits for the gate (a pause in typing), and one overtaken while held never lands', () => {
    const queue: (() => void)[] = [];
    const held: (() => void)[] = [];
    const s = createAppStore(engine, { runner: { syncWork: 0, sliceMs: 0, now: () => 0, later: (fn) => void queue.push(fn) }, sim: { gate: (fn) => void held.push(fn) } });
    const text = 'pci P1 pasids=1048576 siov\nmdev m1 parent=P1\niommu_get_domain_for_dev(m1)\n';
    s.getState().load(text);
    while (queue.length) queue.shift()!();
    // The run is done, but its result waits at the gate: the views still show "running".
    expect(held).toHaveLength(1);
    expect(s.getState().running).toBe(true);
    held.shift()!();
    expect(s.getState().running).toBe(false);
    expect(stepsOf(selectRun(s.getState())!)).toHaveLength(1);
    // Held, then overtaken by an edit: released, it changes nothing; the newer one lands.
    s.getState().edit(`${text}iommu_get_domain_for_dev(m1)\n`);
    while (queue.length) queue.shift()!();
    s.getState().edit(`${text}iommu_get_domain_for_dev(m1)\niommu_get_domain_for_dev(m1)\n`);
    const before = s.getState();
    held.shift()!();
    expect(s.getState()).toBe(before);
    while (queue.length) queue.shift()!();
    held.shift()!();
    expect(s.getState().running).toBe(false);
    expect(stepsOf(selectRun(s.getState())!)).toHaveLength(3);
  });

  it('a load can say where to look once it ran', () => {
    const s = createAppStore(fakeEngine());
    s.getState().load(TEXT, null, { cursor: 2 });
    expect(s.getState().cursor).toBe(2);
  });
});
