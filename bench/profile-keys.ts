/**
 * Where a keystroke's time goes, from a Chromium trace (no CPU sampler: it would be most of
 * what it measures): for each key typed at the end of the long scenario, the task that handled
 * it and the frame that drew it, each split by the trace's own events (self time: a Layout
 * inside a script is the Layout's). `npx tsx bench/profile-keys.ts [app|floor]`; DELAY=ms between
 * keys (default bench/ui-type.ts's paced rate). A tool for finding what costs, not a figure: the
 * figures are bench/ui-type.ts's and bench/ui-type-floor.ts's, from their probe.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { withBenchPage, withPreview } from './page';
import { longScenario } from './long-scenario';
import { PACED_MS } from './ui-type';

interface Ev { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { name?: string; data?: { type?: string; functionName?: string; lineNumber?: number } } }

const DELAY = Number(process.env.DELAY ?? PACED_MS);
const floor = process.argv[2] === 'floor';

async function trace(page: Page, settle: () => Promise<void>): Promise<Ev[]> {
  await page.getByRole('textbox', { name: 'Scenario editor' }).click();
  await page.keyboard.press('Control+End');
  await page.waitForTimeout(800);
  const cdp = await page.context().newCDPSession(page);
  const events: Ev[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as Ev[])));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,v8', transferMode: 'ReportEvents' });
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
  for (const k of keys) {
    const t = taskAt(k.ts);
    if (!t) continue;
    keyTasks.push(t.dur! / 1000);
    self(t, keySelf);
    const p = paints.find((x) => x.ts > t.ts + t.dur!);
    if (!p) continue;
    toPaint.push((p.ts + p.dur! - k.ts) / 1000);
    const f = taskAt(p.ts);
    if (f && f !== t) {
      frames.push(f.dur! / 1000);
      self(f, frameSelf);
    }
  }
  const f1 = (x: number) => x.toFixed(1);
  console.log(`${keys.length} keys ${DELAY} ms apart (${floor ? 'floor: CodeMirror alone' : 'the playground'})`);
  console.log(`  keydown → end of the next Paint: p50 ${f1(pct(toPaint, 50))}, p95 ${f1(pct(toPaint, 95))} ms`);
  console.log(`  the key's task: p50 ${f1(pct(keyTasks, 50))}, p95 ${f1(pct(keyTasks, 95))} ms; the frame's: p50 ${f1(pct(frames, 50))}, p95 ${f1(pct(frames, 95))} ms`);
  for (const [title, m, n] of [['the key\'s task', keySelf, keyTasks.length], ['the frame', frameSelf, frames.length]] as const) {
    console.log(`  ${title}, mean self ms per key:`);
    for (const [name, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, 10)) console.log(`    ${(ms / n).toFixed(2).padStart(6)}  ${name}`);
  }
}

const PORT = Number(process.env.BENCH_TYPE_PORT ?? 4218);
if (floor) {
  const out = mkdtempSync(join(tmpdir(), 'typing-floor-'));
  withPreview(PORT, ['bench/floor', '--outDir', out, '--emptyOutDir', '--base', './'], out, async (browser, url) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${url}?editor=codemirror`);
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
