/**
 * Where a keystroke's time goes, from a Chromium trace (no CPU sampler: it would be most of
 * what it measures): for each key typed at the end of the long scenario, the task that handled
 * it and the frame that drew it, each split by the trace's own events (self time: a Layout
 * inside a script is the Layout's). `npx tsx bench/profile-keys.ts [app|floor]`; DELAY=ms between
 * keys (default bench/ui-type.ts's paced rate); BENCH_FLOOR_EXT=highlight,results,…: the floor with
 * some of the playground's own editor extensions (bench/floor/main.ts). A tool for finding what costs, not a figure: the
 * figures are bench/ui-type.ts's and bench/ui-type-floor.ts's, from their probe.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { withBenchPage, withPreview } from './page';
import { longScenario } from './long-scenario';
import { PACED_MS } from './ui-type';

interface Ev { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; id?: string; args?: { name?: string; data?: { type?: string; functionName?: string; lineNumber?: number; startTime?: number; cpuProfile?: { nodes?: Node[]; samples?: number[] }; timeDeltas?: number[] } } }
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; parent?: number }
/** SAMPLES=1: with V8's CPU sampler, each function's share of the keys' tasks (its overhead inflates the times). */
const SAMPLES = process.env.SAMPLES === '1';

const DELAY = Number(process.env.DELAY ?? PACED_MS);
/** The keys of a typed line (the place of a key in it), and its Enter. */
const LINE = 'iommu_get_domain_for_dev(m3)\n';
const floor = process.argv[2] === 'floor';

async function trace(page: Page, settle: () => Promise<void>): Promise<Ev[]> {
  await page.getByRole('textbox', { name: 'Scenario editor' }).click();
  await page.keyboard.press('Control+End');
  await page.waitForTimeout(800);
  const cdp = await page.context().newCDPSession(page);
  const events: Ev[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as Ev[])));
  await cdp.send('Tracing.start', { categories: `devtools.timeline,disabled-by-default-devtools.timeline,v8${SAMPLES ? ',disabled-by-default-v8.cpu_profiler' : ''}`, transferMode: 'ReportEvents' });
  for (let i = 0; i < 5; i++) {
    await page.keyboard.type(`iommu_get_domain_for_dev(m${i + 3})`, { delay: DELAY });
    await settle();
    await page.keyboard.press('Enter');
    await settle();
  }
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.end');
  await done;
  return events;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const nameOf = (e: Ev) =>
  e.name === 'EventDispatch' ? `${e.name}:${e.args?.data?.type}` : e.name === 'FunctionCall' ? `${e.name}:${e.args?.data?.functionName || '(anonymous)'}` : e.name;

function report(events: Ev[]) {
  const threads = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const main = threads.find((t) => events.some((x) => x.pid === t.pid && x.tid === t.tid && x.name === 'RunTask'));
  if (!main) throw new Error('no renderer main thread in the trace');
  const th = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const tasks = th.filter((e) => e.name === 'RunTask');
  const inside = (t: Ev) => th.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur! <= t.ts + t.dur!);
  const taskAt = (ts: number) => tasks.find((t) => t.ts <= ts && ts <= t.ts + t.dur!);
  /** Self time per event name: each event's time less its children's. */
  const self = (t: Ev, into: Map<string, number>) => {
    const stack: Ev[] = [];
    for (const e of inside(t)) {
      while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
      into.set(nameOf(e), (into.get(nameOf(e)) ?? 0) + e.dur! / 1000);
      if (stack.length) into.set(nameOf(stack[stack.length - 1]), (into.get(nameOf(stack[stack.length - 1])) ?? 0) - e.dur! / 1000);
      stack.push(e);
    }
  };
  const keys = th.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  const paints = th.filter((e) => e.name === 'Paint');
  const keyTasks: number[] = [], frames: number[] = [], toPaint: number[] = [];
  const keySelf = new Map<string, number>(), frameSelf = new Map<string, number>();
  /** Each key: its place in the line typed (0 = the line's first key), key → paint, task, frame, busy between. */
  const each: { at: number; paint: number; task: number; frame: number; between: number; top: string }[] = [];
  keys.forEach((k, i) => {
    const t = taskAt(k.ts);
    if (!t) return;
    keyTasks.push(t.dur! / 1000);
    self(t, keySelf);
    const p = paints.find((x) => x.ts > t.ts + t.dur!);
    if (!p) return;
    toPaint.push((p.ts + p.dur! - k.ts) / 1000);
    const f = taskAt(p.ts);
    if (f && f !== t) {
      frames.push(f.dur! / 1000);
      self(f, frameSelf);
    }
    const between = tasks.filter((x) => x !== t && x !== f && x.ts > t.ts + t.dur! && x.ts < p.ts).reduce((a, x) => a + x.dur! / 1000, 0);
    const mine = new Map<string, number>();
    self(t, mine);
    const top = [...mine].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, ms]) => `${n} ${ms.toFixed(1)}`).join(', ');
    each.push({ top, at: i % LINE.length, paint: (p.ts + p.dur! - k.ts) / 1000, task: t.dur! / 1000, frame: f && f !== t ? f.dur! / 1000 : 0, between });
  });
  const f1 = (x: number) => x.toFixed(1);
  console.log(`${keys.length} keys ${DELAY} ms apart (${floor ? 'floor: CodeMirror alone' : 'the playground'})`);
  console.log(`  keydown → end of the next Paint: p50 ${f1(pct(toPaint, 50))}, p95 ${f1(pct(toPaint, 95))} ms`);
  console.log(`  the key's task: p50 ${f1(pct(keyTasks, 50))}, p95 ${f1(pct(keyTasks, 95))} ms; the frame's: p50 ${f1(pct(frames, 50))}, p95 ${f1(pct(frames, 95))} ms`);
  console.log(`  the slowest keys (place in the line: 0 is its first key, ${LINE.length - 1} the Enter):`);
  for (const e of [...each].sort((a, b) => b.paint - a.paint).slice(0, 12)) console.log(`    place ${String(e.at).padStart(2)}  paint ${f1(e.paint).padStart(5)}  task ${f1(e.task).padStart(5)}  frame ${f1(e.frame).padStart(5)}  other tasks before the paint ${f1(e.between)}\n      ${e.top}`);
  for (const [title, m, n] of [['the key\'s task', keySelf, keyTasks.length], ['the frame', frameSelf, frames.length]] as const) {
    console.log(`  ${title}, mean self ms per key:`);
    for (const [name, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`    ${(ms / n).toFixed(2).padStart(6)}  ${name}`);
  }
  if (SAMPLES) samplesIn(events, main, keys.map((k) => taskAt(k.ts)).filter((t): t is Ev => !!t));
}

/** Inclusive sampled time per function inside `tasks` (a function counted once per sample). */
function samplesIn(events: Ev[], main: Ev, tasks: Ev[]) {
  const profile = events.find((x) => x.name === 'Profile' && x.pid === main.pid && x.tid === main.tid);
  let t = profile?.args?.data?.startTime ?? 0;
  const nodes = new Map<number, Node>();
  const samples: { t: number; node: number }[] = [];
  for (const e of events.filter((x) => x.name === 'ProfileChunk' && x.pid === main.pid && x.id === profile?.id)) {
    for (const n of e.args?.data?.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const ss = e.args?.data?.cpuProfile?.samples ?? [];
    const ds = e.args?.data?.timeDeltas ?? [];
    for (let i = 0; i < ss.length; i++) samples.push({ t: (t += ds[i]), node: ss[i] });
  }
  const label = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${(n.callFrame.url ?? '').split('/').pop()}:${n.callFrame.lineNumber}`;
  const total = new Map<string, number>();
  const self = new Map<string, number>();
  let count = 0;
  for (const s of samples) {
    if (!tasks.some((k) => k.ts <= s.t && s.t <= k.ts + k.dur!)) continue;
    count++;
    const seen = new Set<string>();
    let first = true;
    for (let n = nodes.get(s.node); n; n = n.parent !== undefined ? nodes.get(n.parent) : undefined) {
      const l = label(n);
      if (first) self.set(l, (self.get(l) ?? 0) + 1);
      first = false;
      if (!seen.has(l)) total.set(l, (total.get(l) ?? 0) + 1);
      seen.add(l);
    }
  }
  for (const [title, m] of [['self', self], ['inclusive', total]] as const) {
    console.log(`  the keys' tasks, sampled ${title} share (${count} samples):`);
    for (const [f, c] of [...m].sort((a, b) => b[1] - a[1]).slice(0, title === 'self' ? 15 : 45)) console.log(`    ${((c / count) * 100).toFixed(1).padStart(5)}%  ${f}`);
  }
}

const PORT = Number(process.env.BENCH_TYPE_PORT ?? 4218);
if (floor) {
  const out = mkdtempSync(join(tmpdir(), 'typing-floor-'));
  withPreview(PORT, ['bench/floor', '--outDir', out, '--emptyOutDir', '--base', './'], out, async (browser, url) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${url}?editor=codemirror&ext=${process.env.BENCH_FLOOR_EXT ?? ''}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true');
    report(await trace(page, () => page.waitForTimeout(150)));
  }).finally(() => rmSync(out, { recursive: true, force: true }));
} else {
  withBenchPage(PORT, async (page) => {
    await page.evaluate((t) => window.__bench!.load(t), longScenario());
    const settle = async () => {
      await page.waitForTimeout(150);
      await page.waitForFunction(() => window.__bench!.idle(), undefined, { timeout: 120_000, polling: 20 });
    };
    await settle();
    report(await trace(page, settle));
  });
}
