/**
 * The browser side of the UI benchmarks: build the app, serve it with `vite preview` on a port
 * of its own, open `?bench` in headless Debian Chromium, run `body`, and always clean up.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = join(import.meta.dirname ?? '.', '..');
/** Debian Chromium's flags for every benchmark (BENCH_CHROMIUM_EXTRA adds more, for experiments). */
export const BENCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...(process.env.BENCH_CHROMIUM_EXTRA ?? '').split(' ').filter(Boolean)];

async function waitFor(url: string, ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not start at ${url}`);
}

/**
 * Frames drawn as soon as they are ready, not on the next tick of a 60 Hz clock (headless
 * Chromium has no display; its clock stands in for one). With the clock, a key's latency also
 * holds the wait for the tick, 0–16.7 ms by chance, whatever the page does; without it, what
 * is left is the work a key causes up to its paint (the `_novsync` key figures).
 */
export const NO_VSYNC_ARGS = ['--disable-frame-rate-limit', '--disable-gpu-vsync'];

/** Launches Debian's Chromium with the benchmarks' flags (`extraArgs` after them). */
export const launchBrowser = (extraArgs: readonly string[] = []): Promise<Browser> =>
  chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...BENCH_ARGS, ...extraArgs] });

/**
 * Builds with `build` (vite build's arguments), serves `outDir` (null: dist) with `vite preview`
 * on `port`, launches Chromium, runs `body`, and always cleans up.
 */
export async function withPreview<T>(port: number, build: readonly string[], outDir: string | null, body: (browser: Browser, url: string) => Promise<T>): Promise<T> {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error', ...build], { cwd: ROOT, stdio: 'inherit' });
  const out = outDir ? ['--outDir', outDir] : [];
  const server: ChildProcess = spawn('npx', ['vite', 'preview', ...out, '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: ROOT, stdio: 'ignore', detached: true });
  const browser = await launchBrowser();
  try {
    const url = `http://127.0.0.1:${port}/`;
    await waitFor(url, 30_000);
    return await body(browser, url);
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}

/** The app's `?bench` page at 1280×720, once its hooks (`window.__bench`) are up. */
export async function openBenchPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${url}?bench`);
  await page.waitForFunction(() => !!window.__bench);
  return page;
}

/** The app's build (BENCH_NO_MINIFY=1: readable function names in profiles, not for figures). */
export const appBuild = (): string[] => (process.env.BENCH_NO_MINIFY === '1' ? ['--minify', 'false'] : []);

export async function withBenchPage<T>(port: number, body: (page: Page) => Promise<T>): Promise<T> {
  return withPreview(port, appBuild(), null, async (browser, url) => body(await openBenchPage(browser, url)));
}
