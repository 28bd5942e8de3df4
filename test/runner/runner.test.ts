import { describe, expect, it } from 'vitest';
import { DESIGN_IDS, type DesignId } from '../../src/core';
import { createRunner, sharedPrefix, type RemoteHost, type ReportResult, type RunResult, type RunsResult } from '../../src/runner';
import { mailReport } from '../../src/report/mail';
import { createHost, type FromHost } from '../../src/runner/host';
import { lastFrameGraphs } from '../../src/runner/frame-graph';
import { marksStepOf, toGraph } from '../../src/derive/graph';
import { parseScenario, runScenario, runScenarioSteps, type Run } from '../../src/scn';
import { engine } from '../../src/ui/engine';
import { libraryFiles, libraryText } from '../library';

/** What a view shows of a run: everything but the machine objects' identity. */
const shape = (r: Run) => ({
  design: r.design,
  passed: r.passed,
  failed: r.failed,
  errors: r.errors,
  initialDevs: r.initial.devs.size,
  entries: r.entries.map((e) => ({ line: e.line, text: e.text, got: e.got, value: e.value, warned: e.warned, ok: e.ok, expected: e.expected, error: e.error, devs: e.machine.devs.size, domains: e.machine.domains.size, violations: e.step?.violations.map((v) => v.code) })),
});

/** Edits a scenario the ways typing does: change, insert or delete one line. */
function edits(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const at of [Math.floor(lines.length / 2), lines.length - 2]) {
    if (at < 0 || at >= lines.length) continue;
    out.push([...lines.slice(0, at), ...lines.slice(at + 1)].join('\n'));
    out.push([...lines.slice(0, at), 'iommu_get_domain_for_dev(m1)', ...lines.slice(at)].join('\n'));
    out.push([...lines.slice(0, at), `${lines[at]} `, ...lines.slice(at + 1)].join('\n'));
  }
  return out;
}

// Three designs keep this test short on a shared machine; the property holds for any design.
const DESIGNS: DesignId[] = [DESIGN_IDS[0], 'v3-group-flag', 'pasid-6.x'];

describe('incremental runs', () => {
  it('a run that reuses an earlier one equals a run from scratch (every library scenario, three designs, several edits)', () => {
    let checked = 0;
    for (const f of libraryFiles()) {
      const before = parseScenario(libraryText(f));
      if (before.errors.length) continue;
      for (const d of DESIGNS) {
        const prev = runScenario(before.script, d);
        for (const t of edits(libraryText(f))) {
          const after = parseScenario(t);
          if (after.errors.length) continue;
          const keep = sharedPrefix(before.script, after.script);
          const it = runScenarioSteps(after.script, d, { prev, keep });
          let r: IteratorResult<number, Run>;
          do r = it.next();
          while (!r.done);
          expect(shape(r.value), `${f} ${d}`).toEqual(shape(runScenario(after.script, d)));
          // Reused means the very same entries, not copies.
          for (let i = 0; i < keep; i++) expect(r.value.entries[i]).toBe(prev.entries[i]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(150);
  }, 120_000);

  it('the shared prefix stops at the first statement whose text or place changed', () => {
    const a = parseScenario('pci P1 siov\nmdev m1 parent=P1\n## a note\niommu_get_domain_for_dev(m1)\n').script!;
    expect(sharedPrefix(a, parseScenario('pci P1 siov\nmdev m1 parent=P1\n## another note\niommu_get_domain_for_dev(m1)\n').script!)).toBe(3);
    expect(sharedPrefix(a, parseScenario('pci P1 siov\nmdev m1 parent=P1\n## a note\niommu_get_domain_for_dev(m1) => NULL\n').script!)).toBe(2);
    // A line inserted above moves every statement after it: they re-run.
    expect(sharedPrefix(a, parseScenario('\npci P1 siov\nmdev m1 parent=P1\n## a note\niommu_get_domain_for_dev(m1)\n').script!)).toBe(0);
    expect(sharedPrefix(null, a)).toBe(0);
  });
});

describe('the runner', () => {
  const TEXT = libraryText('demo-stale-group-flag.scn');
  const req = (text: string, wanted: DesignId | null = null) => ({ text, wanted, extra: [] as DesignId[], lastGood: false });

  /** A runner whose later tasks run only when the test says so. */
  function manual(syncWork = 0) {
    const queue: (() => void)[] = [];
    const runner = createRunner(engine, { syncWork, sliceMs: 0, now: () => 0, later: (fn) => void queue.push(fn) });
    const drain = () => {
      while (queue.length) queue.shift()!();
    };
    return { runner, queue, drain };
  }

  it('small work finishes inside the request', () => {
    const runner = createRunner(engine);
    const r = runner.request(req(TEXT), () => expect.unreachable());
    expect(r?.runs['v3-group-flag']?.entries.length).toBeGreaterThan(5);
    expect(runner.busy()).toBe(false);
  });

  it('large work runs in slices and arrives through done; the result is what a direct run gives', () => {
    const { runner, queue, drain } = manual();
    let got: RunResult | null = null;
    expect(runner.request(req(TEXT), (r) => (got = r))).toBeNull();
    expect(runner.busy()).toBe(true);
    expect(queue.length).toBe(1);
    drain();
    expect(runner.busy()).toBe(false);
    const script = parseScenario(TEXT).script!;
    expect(shape(got!.runs['driver-map']!)).toEqual(shape(runScenario(script, 'driver-map')));
  });

  it('a newer request drops the older one: its result never arrives', () => {
    const { runner, queue, drain } = manual();
    const seen: string[] = [];
    runner.request(req(TEXT), (r) => seen.push(r.text));
    queue.shift()!(); // one slice of the first
    const second = `${TEXT}iommu_get_domain_for_dev(m1)\n`;
    runner.request(req(second), (r) => seen.push(r.text));
    drain();
    expect(seen).toEqual([second]);
  });

  it('an edit re-runs only from the changed statement', () => {
    const { runner, drain } = manual(0);
    let first: RunResult | null = null;
    runner.request(req(TEXT), (r) => (first = r));
    drain();
    let second: RunResult | null = null;
    runner.request(req(`${TEXT}iommu_get_domain_for_dev(m1)\n`), (r) => (second = r));
    drain();
    const a = first!.runs['v3-group-flag']!, b = second!.runs['v3-group-flag']!;
    expect(b.entries.length).toBe(a.entries.length + 1);
    a.entries.forEach((e, i) => expect(b.entries[i]).toBe(e));
  });

  /** A remote host as a Worker is one: its own host, messages cloned and delivered in later tasks. */
  function remote() {
    const tasks: (() => void)[] = [];
    const r: RemoteHost = { post: (m) => tasks.push(() => host.receive(structuredClone(m))), onmessage: null, onerror: null };
    const host = createHost(engine, (m) => tasks.push(() => r.onmessage!(structuredClone(m))), { syncWork: 0, sliceMs: 0, now: () => 0, later: (fn) => void tasks.push(fn), partSize: 5, prepareGraphs: lastFrameGraphs });
    const drain = () => {
      while (tasks.length) tasks.shift()!();
    };
    return { r, tasks, drain };
  }

  it('off the main thread: a long text goes to the remote host; its runs, rebuilt from the wire, equal direct runs', () => {
    const { r, drain } = remote();
    const runner = createRunner(engine, { remote: r, offThreadChars: 0 });
    let got: RunResult | null = null;
    expect(runner.request(req(TEXT), (x) => (got = x))).toBeNull();
    expect(runner.busy()).toBe(true);
    drain();
    expect(runner.busy()).toBe(false);
    const script = parseScenario(TEXT).script!;
    expect(got!.script).toEqual(script);
    expect(shape(got!.runs['driver-map']!)).toEqual(shape(runScenario(script, 'driver-map')));
    // The shown design's last two frames come with their graphs, the ones the page would build.
    const shown = got!.runs[got!.design]!;
    const lastTwo = shown.entries.slice(-2).reverse();
    expect(got!.graphs).toHaveLength(2);
    lastTwo.forEach((e, i) => {
      // A statement without a call keeps the last call's marks (derive/graph.ts marksStepOf), keyed by its entry.
      const carried = e.step ? undefined : marksStepOf(shown.entries, shown.entries.indexOf(e));
      expect(got!.graphs![i].key).toBe(e.step ?? (carried ? e : e.machine));
      expect(got!.graphs![i].graph).toEqual(toGraph(e.machine, engine.design(shown.design), e.step, carried));
    });
    // An edit at the end: the page keeps the entries before it (the same objects).
    let next: RunResult | null = null;
    runner.request(req(`${TEXT}iommu_get_domain_for_dev(m1)\n`), (x) => (next = x));
    drain();
    const a = got!.runs['driver-map']!, b = next!.runs['driver-map']!;
    expect(b.entries.length).toBe(a.entries.length + 1);
    a.entries.forEach((e, i) => expect(b.entries[i]).toBe(e));
    // Only the new last frame's graph: the page holds the one before.
    expect(next!.graphs).toHaveLength(1);
  });

  it('off the main thread: a request overtaken by a newer one never arrives', () => {
    const { r, tasks, drain } = remote();
    const runner = createRunner(engine, { remote: r, offThreadChars: 0 });
    const seen: string[] = [];
    runner.request(req(TEXT), (x) => seen.push(x.text));
    tasks.shift()!(); // the host starts the first job
    const second = `${TEXT}iommu_get_domain_for_dev(m1)\n`;
    runner.request(req(second), (x) => seen.push(x.text));
    drain();
    expect(seen).toEqual([second]);
  });

  it('a remote host that fails hands the request under way to the page', () => {
    const { r } = remote();
    const runner = createRunner(engine, { remote: r, offThreadChars: 0 });
    const seen: string[] = [];
    runner.request(req(TEXT), (x) => seen.push(x.text));
    r.onerror!();
    expect(seen).toEqual([TEXT]);
  });

  it('the host itself drops the older job: a newer request stops it at its next slice, and it never posts', () => {
    // The page's runner also ignores a stale `done`; this is the host's own check, which saves
    // the Worker the rest of the older job and the wire its messages.
    const tasks: (() => void)[] = [];
    const posted: FromHost[] = [];
    const host = createHost(engine, (m) => posted.push(m), { syncWork: 0, sliceMs: 0, now: () => 0, later: (fn) => void tasks.push(fn) });
    host.receive({ type: 'run', id: 1, req: req(TEXT) });
    tasks.shift()!(); // one slice of the first job
    expect(host.busy()).toBe(true);
    const second = `${TEXT}iommu_get_domain_for_dev(m1)\n`;
    host.receive({ type: 'run', id: 2, req: req(second) });
    while (tasks.length) tasks.shift()!();
    expect(posted.length).toBeGreaterThan(0);
    expect(posted.filter((m) => m.id === 1)).toEqual([]);
    expect(posted.filter((m) => m.type === 'done').map((m) => m.id)).toEqual([2]);
    expect(host.busy()).toBe(false);
  });

  it('a cancel stops the job under way: nothing of it is posted', () => {
    const tasks: (() => void)[] = [];
    const posted: FromHost[] = [];
    const host = createHost(engine, (m) => posted.push(m), { syncWork: 0, sliceMs: 0, now: () => 0, later: (fn) => void tasks.push(fn) });
    host.receive({ type: 'run', id: 1, req: req(TEXT) });
    tasks.shift()!();
    host.receive({ type: 'cancel' });
    expect(host.busy()).toBe(false);
    while (tasks.length) tasks.shift()!();
    expect(posted).toEqual([]);
  });

  it('an edit\'s runs record the first run of their chain of edits (Run.base, the layout a large run keeps); a load\'s do not', () => {
    const runner = createRunner(engine);
    const load = runner.request(req(TEXT), () => expect.unreachable())!;
    const edit = (text: string) => runner.request({ ...req(text), lastGood: true }, () => expect.unreachable())!;
    const first = load.runs['upstream-5.8']!;
    expect(first.base).toBeUndefined();
    const e1 = edit(`${TEXT}iommu_get_domain_for_dev(m1)\n`);
    expect(e1.runs['upstream-5.8']!.base).toBe(first);
    const e2 = edit(`${TEXT}iommu_get_domain_for_dev(m1)\niommu_get_domain_for_dev(m1)\n`);
    // Not a chain: the first run of the edits, for every design.
    expect(e2.runs['upstream-5.8']!.base).toBe(first);
    expect(e2.runs['driver-map']!.base).toBe(load.runs['driver-map']);
    expect(runner.request(req(TEXT), () => expect.unreachable())!.runs['upstream-5.8']!.base).toBeUndefined();
  });

  describe('runs requests (the matrix, Compare\'s pick of designs)', () => {
    it('go to the remote host (the run Worker) whatever the length; the page runs nothing; answers equal direct runs and are kept', () => {
      const { r, tasks, drain } = remote();
      const ran: string[] = [];
      const counting = { ...engine, run: (...a: Parameters<typeof engine.run>) => (ran.push('page'), engine.run(...a)) };
      // A short text (far below offThreadChars): still the remote host's.
      const runner = createRunner(counting, { remote: r });
      const designs: DesignId[] = ['upstream-5.8', 'v3-group-flag'];
      let got: RunsResult | null = null;
      let calls = 0;
      expect(runner.runs(TEXT, designs, 'upstream-5.8', (x) => ((got = x), calls++))).toBeNull();
      // The same request while the first waits: answered once, to both.
      expect(runner.runs(TEXT, designs, 'upstream-5.8', () => calls++)).toBeNull();
      expect(tasks.length).toBe(1);
      let arrived = 0;
      runner.subscribeRuns(() => arrived++);
      drain();
      expect(ran).toEqual([]);
      expect(calls).toBe(2);
      expect(arrived).toBe(1);
      const script = parseScenario(TEXT).script!;
      const ok = got as RunsResult | null;
      if (!ok?.ok) throw new Error('no runs');
      expect(ok.header).toEqual(['upstream-5.8', 'v3-group-flag', 'domain-flag', 'driver-map', 'pasid-6.x']);
      for (const d of designs) expect(shape(ok.runs.get(d)!)).toEqual(shape(runScenario(script, d)));
      // Kept: asked again, answered at once, nothing sent.
      expect(runner.runs(TEXT, designs, 'upstream-5.8', () => expect.unreachable())).toBe(got);
      expect(runner.peekRuns(TEXT, designs, 'upstream-5.8')).toBe(got);
      expect(tasks.length).toBe(0);
      // A text that does not parse has no header; its designs null: the header's.
      const bad = runner.runs('pci P1\nfoo(', null, 'upstream-5.8', (x) => (got = x));
      expect(bad).toBeNull();
      drain();
      expect(got).toMatchObject({ ok: true, header: null });
    });

    it('neither drop nor are dropped by the run request under way; without a Worker the page answers inside the call', () => {
      const { r, tasks, drain } = remote();
      const runner = createRunner(engine, { remote: r, offThreadChars: 0 });
      const seen: string[] = [];
      runner.request(req(TEXT), () => seen.push('run'));
      tasks.shift()!();
      runner.runs(TEXT, null, 'upstream-5.8', (x) => seen.push(x.ok ? `runs ${x.runs.size}` : x.error));
      drain();
      expect(seen.sort()).toEqual(['run', 'runs 5']);
      const here = createRunner(engine).runs(TEXT, ['pasid-6.x'], 'upstream-5.8', () => expect.unreachable());
      expect(here?.ok && here.runs.get('pasid-6.x')?.entries.length).toBeGreaterThan(5);
    });

    it('one waiting on a Worker that fails is answered by the page', () => {
      const { r } = remote();
      const runner = createRunner(engine, { remote: r });
      let got: RunsResult | null = null;
      runner.runs(TEXT, ['driver-map'], 'upstream-5.8', (x) => (got = x));
      r.onerror!();
      expect(got).toMatchObject({ ok: true });
    });
  });

  describe('the mail report, made where the text runs', () => {
    it('a short text: made on the page inside the call, equal to mailReport, reusing the runs just made', () => {
      const runner = createRunner(engine);
      runner.request(req(TEXT), () => expect.unreachable());
      const r = runner.report(TEXT, () => expect.unreachable());
      expect(r).toEqual({ ok: true, text: mailReport(TEXT) });
    });

    it('a long text: made by the remote host (the run Worker) and delivered later; the page runs nothing', () => {
      const { r, tasks, drain } = remote();
      const asked: string[] = [];
      const real = engine.report!;
      const counting = { ...engine, report: (t: string, runs?: Parameters<typeof real>[1]) => (asked.push('page'), real(t, runs)) };
      const runner = createRunner(counting, { remote: r, offThreadChars: 0 });
      let got: ReportResult | null = null;
      expect(runner.report(TEXT, (x) => (got = x))).toBeNull();
      expect(tasks.length).toBe(1);
      drain();
      expect(got).toEqual({ ok: true, text: mailReport(TEXT) });
      expect(asked).toEqual([]);
    });

    it('a report does not drop the run under way, and a run does not drop a report', () => {
      const { r, tasks, drain } = remote();
      const runner = createRunner(engine, { remote: r, offThreadChars: 0 });
      const seen: string[] = [];
      runner.request(req(TEXT), (x) => seen.push(`run ${x.text.length}`));
      tasks.shift()!();
      runner.report(TEXT, (x) => seen.push(x.ok ? 'report' : x.error));
      drain();
      expect(seen.sort()).toEqual([`run ${TEXT.length}`, 'report'].sort());
    });

    it('a report that fails says why; one waiting on a Worker that fails is made on the page', () => {
      const broken = { ...engine, report: () => { throw new RangeError('boom'); } };
      expect(createRunner(broken).report(TEXT, () => expect.unreachable())).toEqual({ ok: false, error: 'the report failed: RangeError: boom' });
      const { report: _, ...none } = engine;
      expect(createRunner(none).report(TEXT, () => expect.unreachable())).toEqual({ ok: false, error: 'the report failed: Error: this engine makes no reports' });
      const { r } = remote();
      const runner = createRunner(engine, { remote: r, offThreadChars: 0 });
      let got: ReportResult | null = null;
      runner.report(TEXT, (x) => (got = x));
      r.onerror!();
      expect(got).toEqual({ ok: true, text: mailReport(TEXT) });
    });
  });
});
