/**
 * Where the page's main thread spends its time while typing into the long scenario: a Chromium
 * trace (CDP Tracing, devtools.timeline + V8 CPU samples) of one edit at the end or the top, then
 * the tasks over `MIN_MS` with the functions that took their time. `npx tsx bench/profile-ui.ts [top|end]`.
 * A tool for finding what costs, not a figure: bench/ui-type.ts measures.
 */
import { writeFileSync } from 'node:fs';
import { withBenchPage } from './page';
import { longScenario } from './ui-type';

const MIN_MS = Number(process.env.MIN_MS ?? 20);
const where = process.argv[2] === 'top' ? 'top' : process.argv[2] === 'load' ? 'load' : 'end';

interface Ev { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; id?: string; args?: { data?: Record<string, unknown> }; cat: string }
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; parent?: number }

withBenchPage(Number(process.env.BENCH_TYPE_PORT ?? 4215), async (page) => {
  if (where !== 'load') await page.evaluate((t) => window.__bench!.load(t), longScenario());
  await page.waitForFunction(() => window.__bench!.idle(), undefined, { timeout: 120_000 });
  await page.waitForTimeout(500);
  const editor = page.getByRole('textbox', { name: 'Scenario editor' });
  await editor.click();
  await page.keyboard.press(where === 'top' ? 'Control+Home' : 'Control+End');
  await page.waitForTimeout(800);
  const cdp = await page.context().newCDPSession(page);
  const events: Ev[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as Ev[])));
  // SAMPLES=0: the timeline events only (the CPU profiler's own start-up shows as a long task).
  const samples0 = process.env.SAMPLES === '0';
  await cdp.send('Tracing.start', { categories: `devtools.timeline,disabled-by-default-devtools.timeline,v8${samples0 ? '' : ',disabled-by-default-v8.cpu_profiler'}`, transferMode: 'ReportEvents' });
  if (where === 'load') {
    const t0 = Date.now();
    await page.evaluate((t) => window.__bench!.load(t), longScenario());
    await page.waitForFunction(() => window.__bench!.idle(), undefined, { timeout: 120_000, polling: 20 });
    console.log(`load: ${Date.now() - t0} ms to the drawn result`);
  }
  for (let i = 0; i < (where === 'top' ? 1 : where === 'load' ? 0 : 5); i++) {
    await page.keyboard.type(where === 'top' ? '# a comment at the top\n' : `iommu_get_domain_for_dev(m${i + 3})\n`, { delay: Number(process.env.DELAY ?? 25) });
    await page.waitForTimeout(200);
    await page.waitForFunction(() => window.__bench!.idle(), undefined, { timeout: 120_000, polling: 20 });
  }
  await page.waitForTimeout(300);
  await page.waitForFunction(() => window.__bench!.idle(), undefined, { timeout: 120_000, polling: 20 });
  await page.waitForTimeout(1500);
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.end');
  await done;
  writeFileSync('/tmp/prof/trace.json', JSON.stringify(events));
  // The renderer main thread: the one with the most RunTask time and CrRendererMain's name.
  const names = events.filter((e) => e.name === 'thread_name');
  const main = names.find((e) => (e.args as { name?: string } | undefined)?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.name === 'RunTask' && x.tid === e.tid));
  if (!main) throw new Error('no renderer main thread in the trace');
  const tasks = events.filter((e) => e.tid === main.tid && e.pid === main.pid && e.name === 'RunTask' && (e.dur ?? 0) / 1000 >= MIN_MS);
  // CPU samples of that thread: its Profile's chunks (same id) carry nodes and sample deltas.
  const profile = events.find((x) => x.name === 'Profile' && x.pid === main.pid && x.tid === main.tid);
  const t0 = (profile?.args?.data as { startTime?: number } | undefined)?.startTime ?? 0;
  const nodes = new Map<number, Node>();
  const samples: { t: number; node: number }[] = [];
  let t = t0;
  for (const e of events.filter((x) => x.name === 'ProfileChunk' && x.pid === main.pid && x.id === profile?.id)) {
    const d = e.args!.data as { cpuProfile?: { nodes?: Node[]; samples?: number[] }; timeDeltas?: number[] };
    for (const n of d.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const ss = d.cpuProfile?.samples ?? [];
    const ds = d.timeDeltas ?? [];
    for (let i = 0; i < ss.length; i++) samples.push({ t: (t += ds[i]), node: ss[i] });
  }
  const label = (id: number) => {
    const n = nodes.get(id)!;
    const f = n.callFrame;
    return `${f.functionName || '(anon)'} ${(f.url ?? '').split('/').pop()}:${f.lineNumber}`;
  };
  const stack = (id: number) => {
    const out: string[] = [];
    for (let n: Node | undefined = nodes.get(id); n; n = n.parent !== undefined ? nodes.get(n.parent) : undefined) out.push(label(n.id));
    return out;
  };
  // Each long task's own events over 1 ms, outermost first: what kind of work it was.
  const th = events.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X');
  for (const task of tasks) {
    const inner = th.filter((e) => e !== task && e.ts >= task.ts && e.ts < task.ts + task.dur! && (e.dur ?? 0) > 1000);
    console.log(`task ${(task.dur! / 1000).toFixed(1)} ms: ${inner.slice(0, 8).map((e) => `${e.name}${e.args?.data?.type ? `:${String(e.args.data.type)}` : ''} ${((e.dur ?? 0) / 1000).toFixed(1)}`).join(' | ')}`);
  }
  if (samples0) return;
  for (const task of tasks) {
    const from = task.ts;
    const to = from + task.dur!;
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    let n = 0;
    for (const s of samples) {
      if (s.t < from || s.t > to) continue;
      n++;
      const st = stack(s.node);
      self.set(st[0], (self.get(st[0]) ?? 0) + 1);
      for (const f of new Set(st)) total.set(f, (total.get(f) ?? 0) + 1);
    }
    const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([f, c]) => `    ${((c / Math.max(n, 1)) * 100).toFixed(0).padStart(3)}%  ${f}`).join('\n');
    console.log(`task ${(task.dur! / 1000).toFixed(1)} ms (${n} samples)\n  self:\n${top(self, 12)}\n  total:\n${top(total, 25)}`);
  }
});
