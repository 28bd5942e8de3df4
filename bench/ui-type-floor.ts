/**
 * The floor under bench/ui-type.ts's key figures (bench/run.ts calls benchUiTypeFloor()): the
 * same typing, timed by the same probe in the same browser, into the same 3,000-line document
 * with nothing of the playground around it (bench/floor/):
 *   ui.key_p95_ms_floor_textarea[_paced]     a bare <textarea>: what any text input costs here
 *   ui.key_p95_ms_floor_codemirror[_paced]   CodeMirror with the core extensions the playground
 *                                            uses, without the playground's own
 *   ui.key_p95_ms_floor_codemirror[_paced]_novsync   the same without the 60 Hz frame clock
 *                                            (under ui.key_p95_ms_long[_paced]_novsync)
 *   ui.key_p95_ms_floor_codemirror_ext[_paced]_novsync   CodeMirror with all of the playground's
 *                                            own editor extensions too (bench/floor ?ext=, the
 *                                            completion popup among them), still without the
 *                                            page around it: what the editor costs, apart from
 *                                            what the page adds (docs/performance.md, typing
 *                                            round seven)
 * (with their p50, max and count). ui.key_p95_ms_long minus the CodeMirror floor is what the
 * playground adds to a key; the floor itself is the browser's and the editor's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { NO_VSYNC_ARGS, launchBrowser, withPreview } from './page';
import { BURST_MS, KEY_PROBE, PACED_MS, keyFigures, toEditorEnd, typeFiveAtEnd } from './ui-type';

const PORT = Number(process.env.BENCH_FLOOR_PORT ?? 4216);
/** Every extension bench/floor/main.ts can add: the playground's editor without its page. */
const ALL_EXT = 'highlight,theme,results,errors,completion,handover';

async function keysInto(page: Page, url: string, delay: number): Promise<number[]> {
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await toEditorEnd(page);
  await page.evaluate(KEY_PROBE);
  // Keys met by an open completion popup: a figure "with completion" at a typist's pace must have
  // had it open (a burst's keys come faster than completion's 100 ms wait, so it opens there only
  // at a line's end).
  await page.evaluate("window.__popup = 0; addEventListener('keydown', () => { if (document.querySelector('.cm-tooltip-autocomplete')) window.__popup++; }, true)");
  // No run to wait for: a pause as long as the playground's shortest settle.
  await typeFiveAtEnd(page, delay, () => page.waitForTimeout(150));
  if (url.includes('completion') && delay >= PACED_MS && ((await page.evaluate('window.__popup')) as number) === 0) {
    throw new Error(`bench/ui-type-floor: the completion popup never opened at ${url}`);
  }
  return (await page.evaluate('window.__keys')) as number[];
}

export async function benchUiTypeFloor(): Promise<Record<string, number>> {
  const out = mkdtempSync(join(tmpdir(), 'typing-floor-'));
  try {
    // Its own build: bench/floor has no vite config, so nothing of the app's is bundled.
    return await withPreview(PORT, ['bench/floor', '--outDir', out, '--emptyOutDir', '--base', './'], out, async (browser, url) => {
      const figures: Record<string, number> = {};
      /** Each editor: [its name in the figures, the floor page's query]. */
      const floors = async (b: Browser, editors: readonly (readonly [string, string])[], clock: string) => {
        for (const [name, query] of editors) {
          for (const [suffix, delay] of [['', BURST_MS], ['_paced', PACED_MS]] as const) {
            const page = await b.newPage({ viewport: { width: 1280, height: 720 } });
            Object.assign(figures, keyFigures(`floor_${name}${suffix}${clock}`, await keysInto(page, `${url}?${query}`, delay)));
            await page.close();
          }
        }
      };
      await floors(browser, [['textarea', 'editor=textarea'], ['codemirror', 'editor=codemirror']], '');
      // Under bench/ui-type.ts's `_novsync` figures: CodeMirror's own, without the 60 Hz tick.
      const free = await launchBrowser(NO_VSYNC_ARGS);
      try {
        await floors(free, [['codemirror', 'editor=codemirror'], ['codemirror_ext', `editor=codemirror&ext=${ALL_EXT}`]], '_novsync');
      } finally {
        await free.close();
      }
      return figures;
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// Run alone: `npx tsx bench/ui-type-floor.ts`.
if (process.argv[1] && /bench[\\/]ui-type-floor\.ts$/.test(process.argv[1])) {
  benchUiTypeFloor().then((r) => {
    for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}${k.includes('_count_') ? '' : ' ms'}`);
  });
}
