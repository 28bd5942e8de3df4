/**
 * Keystroke → paint on two (or more) builds under the same load: `npx tsx bench/ui-type-ab.ts
 * DIR_A DIR_B` serves each `vite build --outDir DIR` with `vite preview` and types the same five
 * lines at the end of the 3,000-line scenario (as bench/ui-type.ts does) into each in turn,
 * ROUNDS times (default 3), alternating, so a shared machine's load falls on all alike.
 * For each it prints the keystroke → next paint latency (p50, p95) and the main thread's CPU
 * time per key (the thread time, `tdur`, of the tasks from the keydown to the end of the next
 * frame's Commit, from a Chromium trace): the CPU figure moves little with the load, the latency
 * a lot. A tool for comparing a change with its base (build the base from a stash or another
 * worktree), not a figure of `npm run bench`. DELAY=100: keys at bench/ui-type.ts's paced rate
 * (completion opens); BENCH_CSS='…': a style sheet added to the last build's page only (give one
 * directory twice to compare a page with and without it: a pane hidden, a containment tried).
 * NOVSYNC=1: frames drawn when ready, not on the 60 Hz tick (bench/page.ts NO_VSYNC_ARGS), so the
 * tick's chance wait does not hide a difference. TRACE=0: no trace, so no CPU figure, but the
 * latency is the page's own — a trace's overhead grows with what a key does and narrowed a 5 ms
 * gap between two pages to 2 ms (docs/performance.md, typing round six). SPLIT=1 (with TRACE=0):
 * each key's latency split by the listeners of SPLIT_PROBE into where it went (typing round seven).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { BENCH_ARGS, NO_VSYNC_ARGS } from './page';
import { BURST_MS, KEY_PROBE, longScenario, typeFiveAtEnd } from './ui-type';

const ROOT = join(import.meta.dirname ?? '.', '..');
const PORT = Number(process.env.BENCH_TYPE_PORT ?? 4314);

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tdur?: number; tid: number; pid: number; args?: { name?: string; data?: { type?: string } } }

const pct = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const f1 = (x: number) => x.toFixed(1);

/** Main-thread CPU (ms) from each keydown to the end of the next frame's Commit. */
function cpuPerKey(events: readonly TraceEvent[]): number[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'RunTask'));
  if (!main) return [];
  const th = events.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const tasks = th.filter((e) => e.name === 'RunTask');
  const commits = th.filter((e) => e.name === 'Commit');
  const out: number[] = [];
  for (const k of th.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown')) {
    const c = commits.find((x) => x.ts > k.ts);
    if (!c) continue;
    const end = c.ts + (c.dur ?? 0);
    let sum = 0;
    for (const t of tasks) if (t.ts + (t.dur ?? 0) > k.ts && t.ts < end) sum += t.tdur ?? t.dur ?? 0;
    out.push(sum / 1000);
  }
  return out;
}

/**
 * Each key's time split at the events a typed character goes through, with no trace: the wait
 * before its keydown runs; the keydown's listeners; the browser inserting the text and the
 * editor reading it (beforeinput → input: CodeMirror's update runs inside the input event's
 * dispatch once anything listens for input above the editor, as React does at its root); up to
 * the next frame's animation callbacks; and that frame's style, layout, paint and commit.
 */
const SPLIT_PROBE = `(() => { window.__split = []; let cur = null;
  addEventListener('keydown', (e) => { const c = cur = { t0: e.timeStamp, h: performance.now(), kd: 0, bi: 0, ie: 0 };
    requestAnimationFrame(() => { const r = performance.now(); const ch = new MessageChannel();
      ch.port1.onmessage = () => { const p = performance.now(); const kd = c.kd || c.h, bi = c.bi || kd, ie = c.ie || bi;
        window.__split.push([c.h - c.t0, kd - c.h, ie - bi, r - ie, p - r, p - c.t0]); };
      ch.port2.postMessage(0); });
  }, true);
  addEventListener('keydown', () => { if (cur) cur.kd = performance.now(); });
  addEventListener('beforeinput', () => { if (cur) cur.bi = performance.now(); }, true);
  addEventListener('input', () => { if (cur) cur.ie = performance.now(); });
})()`;
const SPLIT_NAMES = ['queued', 'keydown', 'beforeinput→input', 'input→frame', 'frame→painted', 'total'];

const idle = (page: Page) => page.waitForFunction(() => window.__bench!.idle(), undefined, { timeout: 120_000, polling: 20 });

async function typeInto(page: Page, css: string): Promise<{ keys: number[]; cpu: number[]; split: number[][] }> {
  await page.evaluate((t) => window.__bench!.load(t), longScenario());
  await idle(page);
  await page.waitForTimeout(300);
  if (css) await page.addStyleTag({ content: css });
  const split = process.env.SPLIT === '1' && process.env.TRACE === '0';
  await page.evaluate(split ? SPLIT_PROBE : KEY_PROBE);
  await page.getByRole('textbox', { name: 'Scenario editor' }).click();
  await page.keyboard.press('Control+End');
  await page.waitForTimeout(500);
  await page.evaluate('window.__keys = []; window.__split = []');
  const settle = async () => {
    await idle(page);
    await page.waitForTimeout(150);
  };
  if (process.env.TRACE === '0') {
    await typeFiveAtEnd(page, Number(process.env.DELAY ?? BURST_MS), settle);
    if (!split) return { keys: (await page.evaluate('window.__keys')) as number[], cpu: [], split: [] };
    const rows = (await page.evaluate('window.__split')) as number[][];
    return { keys: rows.map((r) => r[r.length - 1]), cpu: [], split: rows };
  }
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await typeFiveAtEnd(page, Number(process.env.DELAY ?? BURST_MS), settle);
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.end');
  await done;
  return { keys: (await page.evaluate('window.__keys')) as number[], cpu: cpuPerKey(events), split: [] };
}

async function main(dirs: readonly string[]) {
  const servers = dirs.map((d, i) => spawn(join(ROOT, 'node_modules/.bin/vite'), ['preview', '--outDir', d, '--port', String(PORT + i), '--strictPort', '--host', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore' }));
  const keys: number[][] = dirs.map(() => []);
  const cpu: number[][] = dirs.map(() => []);
  const split: number[][][] = dirs.map(() => []);
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: process.env.NOVSYNC === '1' ? [...BENCH_ARGS, ...NO_VSYNC_ARGS] : BENCH_ARGS });
    for (let r = 0; r < Number(process.env.ROUNDS ?? 3); r++) {
      for (let i = 0; i < dirs.length; i++) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        await page.goto(`http://127.0.0.1:${PORT + i}/?bench`);
        await page.waitForFunction(() => !!window.__bench);
        // BENCH_CSS: a style sheet added before typing into the last build only (an experiment:
        // hide a pane, contain one; give the same directory twice to compare with and without).
        const m = await typeInto(page, i === dirs.length - 1 ? (process.env.BENCH_CSS ?? '') : '');
        keys[i].push(...m.keys);
        cpu[i].push(...m.cpu);
        split[i].push(...m.split);
        console.log(`round ${r} ${dirs[i]}: key→paint p50 ${f1(pct(m.keys, 50))} p95 ${f1(pct(m.keys, 95))} ms${m.cpu.length ? `; CPU/key p50 ${f1(pct(m.cpu, 50))} p95 ${f1(pct(m.cpu, 95))} ms` : ''}`);
        await page.close();
      }
    }
    await browser.close();
    for (let i = 0; i < dirs.length; i++) {
      const mean = cpu[i].reduce((a, b) => a + b, 0) / Math.max(cpu[i].length, 1);
      const cpuText = cpu[i].length ? `; CPU/key p50 ${f1(pct(cpu[i], 50))} p95 ${f1(pct(cpu[i], 95))} mean ${f1(mean)} ms` : '';
      console.log(`${dirs[i]} (${keys[i].length} keys): key→paint p50 ${f1(pct(keys[i], 50))} p90 ${f1(pct(keys[i], 90))} p95 ${f1(pct(keys[i], 95))} ms${cpuText}`);
      if (split[i].length) console.log('  ' + SPLIT_NAMES.map((n, j) => `${n} ${f1(pct(split[i].map((r) => r[j]), 50))}/${f1(pct(split[i].map((r) => r[j]), 95))}`).join(' · ') + ' ms (p50/p95)');
    }
  } finally {
    for (const s of servers) s.kill();
  }
}

if (process.argv[1] && /bench[\\/]ui-type-ab\.ts$/.test(process.argv[1])) {
  const dirs = process.argv.slice(2);
  if (dirs.length < 2) {
    console.error('usage: npx tsx bench/ui-type-ab.ts DIST_A DIST_B [DIST_C…] (each a `vite build --outDir` directory)');
    process.exit(2);
  }
  void main(dirs);
}
