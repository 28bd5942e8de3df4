/**
 * Typing into a long scenario (bench/run.ts calls benchUiType()): 3,000 lines on 64 parents ×
 * 16 mdevs under all five designs, in headless Chromium against a `vite preview` build.
 *   ui.type_ms_long                      median ms from the last key of a new line typed at the
 *                                        end to the store receiving that edit's complete result
 *   ui.type_longest_task_ms_long         longest main-thread task while typing at the end
 *   ui.type_top_longest_task_ms_long     the same while typing at the top (every line re-runs)
 *   ui.type_top_result_ms_long           from the last key at the top to the complete re-run
 *   ui.type_[top_]longtask_max_ms_long   the longest task the Long Tasks API reported (0: none
 *                                        over 50 ms); the gaps above also count time the OS
 *                                        gave the page no CPU, which on a shared machine is most
 *   ui.key_p95_ms_long                   95th percentile, over every key typed at the end (145:
 *                                        five lines of 28 characters and an Enter; so the p95 is
 *                                        the seventh-slowest key, ±2–4 ms from run to run here),
 *                                        of keystroke → next paint: from the keydown's timestamp
 *                                        to a message posted in the next animation frame, which
 *                                        runs once that frame is painted (ui.key_p50_ms_long,
 *                                        ui.key_max_ms_long beside it; ui.key_count_long keys);
 *                                        keys 25 ms apart (BURST_MS)
 *   ui.key_p95_ms_long_paced             the same with keys 100 ms apart (PACED_MS), a fast
 *                                        typist: the completion popup opens as a name is typed
 *   ui.key_p95_ms_long[_paced]_novsync   the same two in a browser that draws each frame when it
 *                                        is ready, not on a 60 Hz tick (bench/page.ts
 *                                        NO_VSYNC_ARGS): the key's own work up to its paint,
 *                                        without a wait for the tick that is chance, 0–16.7 ms
 * bench/ui-type-floor.ts times the same typing with nothing of the playground around the editor.
 * A task's length is the longest gap between the turns of a setTimeout(0) loop (≥ 4 ms apart;
 * the Long Tasks API only reports tasks over 50 ms, so it cannot show that one stays under).
 */
import type { Page } from 'playwright-core';
import { NO_VSYNC_ARGS, appBuild, launchBrowser, openBenchPage, withPreview } from './page';
import { longScenario } from './long-scenario';

export { longScenario };

const PORT = Number(process.env.BENCH_TYPE_PORT ?? 4214);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const round = (x: number) => Math.round(x * 10) / 10;

// Strings, not functions: tsx's name helpers do not exist in the page.
/** The keystroke → next paint probe (here and in bench/ui-type-floor.ts): `window.__keys`. */
export const KEY_PROBE = `(() => {
  window.__keys = [];
  addEventListener('keydown', (e) => {
    const t0 = e.timeStamp;
    requestAnimationFrame(() => { const ch = new MessageChannel(); ch.port1.onmessage = () => window.__keys.push(performance.now() - t0); ch.port2.postMessage(0); });
  }, true);
})()`;
/** KEY_PROBE, plus the longest timer gap, the last key's time and the longest Long Task. */
const PROBE_START = `${KEY_PROBE}; (() => {
  window.__gap = 0; window.__probe = true;
  let last = performance.now();
  const tick = () => { const t = performance.now(); window.__gap = Math.max(window.__gap, t - last); last = t; if (window.__probe) setTimeout(tick, 0); };
  setTimeout(tick, 0);
  window.__lastKey = 0;
  addEventListener('keydown', () => { window.__lastKey = performance.now(); }, true);
  window.__long = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long = Math.max(window.__long, e.duration); }).observe({ type: 'longtask' });
})()`;
/** Forget what the probe saw so far (after the editor has scrolled and painted). */
const RESET = 'window.__gap = 0; window.__long = 0; window.__keys = []';
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

async function settle(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(() => window.__bench!.idle(), undefined, { timeout: timeoutMs, polling: 20 });
  // The editor hands its text over after a short delay: wait for that edit's result too.
  await page.waitForTimeout(150);
  await page.waitForFunction(() => window.__bench!.idle(), undefined, { timeout: timeoutMs, polling: 20 });
}

/** Into the editor, at the end of its text (here and in bench/ui-type-floor.ts). */
export async function toEditorEnd(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: 'Scenario editor' }).click();
  await page.keyboard.press('Control+End');
  // Scrolling a 3,000-line document is the editor's own work, not typing: let it finish first.
  await page.waitForTimeout(500);
}

/** Keys 25 ms apart: a burst (bench/ui-type.ts's figure since round one). */
export const BURST_MS = 25;
/** Keys 100 ms apart: a fast typist (≈ 120 words a minute), where completion opens as one types. */
export const PACED_MS = 100;

/**
 * The typing every key figure comes from (here and in bench/ui-type-floor.ts): five lines at the
 * end of the document, `delay` ms between keys, `settle` after each line and after each Enter,
 * `afterLine` once a line is typed and settled.
 */
export async function typeFiveAtEnd(page: Page, delay: number, settle: () => Promise<void>, afterLine: () => Promise<void> = async () => {}): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await page.keyboard.type(`iommu_get_domain_for_dev(m${i + 1})`, { delay });
    await settle();
    await afterLine();
    await page.keyboard.press('Enter');
    await settle();
  }
}

/** p50 and p95 of `keys` under `name` (ui.key_p95_ms_<name>, …), with the count. */
export function keyFigures(name: string, keys: readonly number[]): Record<string, number> {
  return {
    [`ui.key_p95_ms_${name}`]: round(pct([...keys], 95)),
    [`ui.key_p50_ms_${name}`]: round(pct([...keys], 50)),
    [`ui.key_max_ms_${name}`]: round(Math.max(...keys)),
    [`ui.key_count_${name}`]: keys.length,
  };
}

/**
 * The key figures again in a browser without the 60 Hz frame clock (NO_VSYNC_ARGS): keys at the
 * end, at both paces, each key's latency its work up to the paint.
 */
async function keysWithoutVsync(url: string): Promise<Record<string, number>> {
  const browser = await launchBrowser(NO_VSYNC_ARGS);
  try {
    const page = await openBenchPage(browser, url);
    await page.evaluate((t) => window.__bench!.load(t), longScenario());
    await settle(page);
    await page.evaluate(KEY_PROBE);
    await toEditorEnd(page);
    await page.evaluate('window.__keys = []');
    await typeFiveAtEnd(page, BURST_MS, () => settle(page));
    const burst = (await page.evaluate('window.__keys')) as number[];
    await page.evaluate('window.__keys = []');
    await typeFiveAtEnd(page, PACED_MS, () => settle(page));
    const paced = (await page.evaluate('window.__keys')) as number[];
    return { ...keyFigures('long_novsync', burst), ...keyFigures('long_paced_novsync', paced) };
  } finally {
    await browser.close();
  }
}

export async function benchUiType(): Promise<Record<string, number>> {
  return withPreview(PORT, appBuild(), null, async (browser, url) => {
    const page = await openBenchPage(browser, url);
    const figures = await typeAll(page);
    await page.close();
    return { ...figures, ...(await keysWithoutVsync(url)) };
  });
}

/** The vsync'd figures: typing at the end at both paces, then at the top while all re-runs. */
async function typeAll(page: Page): Promise<Record<string, number>> {
  await page.evaluate((t) => window.__bench!.load(t), longScenario());
  await settle(page);
  await page.evaluate(PROBE_START);
  // At the end: five new lines, each one's result timed from its last key.
  await toEditorEnd(page);
  await page.evaluate(RESET);
  const latencies: number[] = [];
  await typeFiveAtEnd(page, BURST_MS, () => settle(page), async () => {
    latencies.push((await page.evaluate('window.__bench.lastResultAt() - window.__lastKey')) as number);
  });
  const keys = (await page.evaluate('window.__keys')) as number[];
  const endGap = (await page.evaluate('window.__gap')) as number;
  const endLong = (await page.evaluate('window.__long')) as number;
  // The same at a fast typist's pace: completion opens while a name is typed.
  await page.evaluate(RESET);
  await typeFiveAtEnd(page, PACED_MS, () => settle(page));
  const paced = (await page.evaluate('window.__keys')) as number[];

  // At the top: a comment line shifts every statement, so everything re-runs, while typing goes on.
  await page.keyboard.press('Control+Home');
  await page.waitForTimeout(500);
  await page.evaluate(RESET);
  await page.keyboard.type('# typed at the top while the whole scenario re-runs', { delay: BURST_MS });
  await page.keyboard.press('Enter');
  const lastKey = (await page.evaluate('window.__lastKey')) as number;
  await settle(page, 120_000);
  const topResult = ((await page.evaluate('window.__bench.lastResultAt()')) as number) - lastKey;
  const topGap = (await page.evaluate('window.__gap')) as number;
  const topLong = (await page.evaluate('window.__long')) as number;
  await page.evaluate('window.__probe = false');
  return {
    'ui.type_ms_long': round(median(latencies)),
    'ui.type_longest_task_ms_long': round(endGap),
    'ui.type_longtask_max_ms_long': round(endLong),
    'ui.type_top_longest_task_ms_long': round(topGap),
    'ui.type_top_longtask_max_ms_long': round(topLong),
    'ui.type_top_result_ms_long': round(topResult),
    ...keyFigures('long', keys),
    ...keyFigures('long_paced', paced),
  };
}

// Run alone: `npx tsx bench/ui-type.ts`.
if (process.argv[1] && /bench[\\/]ui-type\.ts$/.test(process.argv[1])) {
  benchUiType().then((r) => {
    for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}${k.includes('_count_') ? '' : ' ms'}`);
  });
}
