/**
 * UI benchmarks in headless Chromium against a `vite preview` build (bench/run.ts calls
 * benchUi()). Figures:
 *   ui.step_ms_demo        median ms from a step command to the painted picture (~50 objects)
 *   ui.step_ms_large       the same on a 64-parent, 1,024-mdev machine (its overview: one tile per parent)
 *   ui.pan_p95_ms_large    95th percentile of the gaps between frames while dragging the large
 *                          picture (≤ 20 ms keeps 60 fps; a median would hide the stalls)
 *   ui.initial_js_kb_gzip  gzip size of the JavaScript the page loads first
 * and the layout figures of bench/layout.ts (hand-written layout against elkjs).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { benchLayout } from './layout';
import { withBenchPage } from './page';

const PORT = 4179;
const ROOT = join(import.meta.dirname ?? '.', '..');

/** About 50 objects: 4 parents, 12 mdevs, 2 containers, and the attaches that make domains and PASIDs. */
export function demoScenario(): string {
  const l = ['design: v3-group-flag'];
  for (let p = 0; p < 4; p++) l.push(`pci P${p} pasids=1048576 siov`);
  for (let m = 0; m < 12; m++) l.push(`mdev m${m} parent=P${m % 4}`);
  l.push('container C', 'container C2');
  for (let p = 0; p < 4; p++) l.push(`iommu_dev_enable_feature(P${p}, IOMMU_DEV_FEAT_AUX)`);
  for (let m = 0; m < 12; m++) l.push(`vfio_attach_group(${m % 2 ? 'C2' : 'C'}, G_m${m})`, `driver_get_pasid(m${m})`);
  return `${l.join('\n')}\n`;
}

/** 64 parents × 16 mdevs, AUX on every parent, a run of attaches. */
export function largeScenario(): string {
  const l = ['design: v3-group-flag'];
  for (let p = 0; p < 64; p++) l.push(`pci P${p} pasids=1048576 siov`);
  for (let m = 0; m < 1024; m++) l.push(`mdev m${m} parent=P${m % 64}`);
  l.push('container C');
  for (let p = 0; p < 8; p++) l.push(`iommu_dev_enable_feature(P${p}, IOMMU_DEV_FEAT_AUX)`);
  for (let m = 0; m < 24; m++) l.push(`vfio_attach_group(C, G_m${m})`);
  return `${l.join('\n')}\n`;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

async function stepTimes(page: Page, text: string, n: number): Promise<number[]> {
  await page.evaluate((t) => window.__bench!.load(t), text);
  const steps = await page.evaluate(() => window.__bench!.steps());
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    // Forward through the run, then back: both directions are what a presenter does.
    const delta = Math.floor(i / steps) % 2 === 0 ? 1 : -1;
    out.push(await page.evaluate((d) => window.__bench!.step(d), delta));
  }
  return out;
}

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] : NaN;
};

async function panP95(page: Page): Promise<number> {
  const box = (await page.locator('.graph-panel > svg').boundingBox())!;
  // A string, not a function: tsx's name helpers do not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = []; window.__rec = true;
    const tick = (t) => { window.__frames.push(t); if (window.__rec) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 0; i < 90; i++) await page.mouse.move(cx + 120 * Math.sin(i / 8), cy + 80 * Math.cos(i / 8));
  await page.mouse.up();
  const frames = (await page.evaluate('(window.__rec = false, window.__frames)')) as number[];
  const gaps = frames.slice(1).map((t, i) => t - frames[i]);
  return p95(gaps);
}

function initialJsKbGzip(): number {
  const dist = join(ROOT, 'dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const srcs = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]);
  const bytes = srcs.reduce((n, s) => n + gzipSync(readFileSync(join(dist, s)), { level: 9 }).length, 0);
  return Math.round(bytes / 102.4) / 10;
}

export async function benchUi(): Promise<Record<string, number>> {
  const layout = await benchLayout(demoScenario(), largeScenario());
  return withBenchPage(PORT, async (page) => {
    const demo = await stepTimes(page, demoScenario(), 40);
    const large = await stepTimes(page, largeScenario(), 30);
    const pan = await panP95(page);
    return {
      'ui.step_ms_demo': Math.round(median(demo.slice(5)) * 10) / 10,
      'ui.step_ms_large': Math.round(median(large.slice(5)) * 10) / 10,
      'ui.pan_p95_ms_large': Math.round(pan * 10) / 10,
      'ui.initial_js_kb_gzip': initialJsKbGzip(),
      ...layout,
    };
  });
}

// Run alone: `npx tsx bench/ui.ts`.
if (process.argv[1] && /bench[\\/]ui\.ts$/.test(process.argv[1])) {
  benchUi().then((r) => {
    for (const [k, v] of Object.entries(r)) console.log(`${k} ${v}`);
  });
}
