/**
 * The graph never collides: every library scenario, under every design it names, at every step,
 * at 1440×900 and 1280×720. Measured from the DOM (e2e/graph-metrics.ts): box overlaps, edges
 * through boxes other than their ends, text out of its box, covered edge labels, tags over other
 * objects; and the figures: rendered text ≥ 12 px (1440×900), pane fill on the median view
 * ≥ 40 %, median movement of a surviving object between two steps ≤ 8 px.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { measureGraph, type GraphMetrics } from './graph-metrics';

const DIR = 'src/scenarios';
const library = readdirSync(DIR)
  .filter((f) => f.endsWith('.scn'))
  .map((f) => ({ id: f.replace(/\.scn$/, ''), text: readFileSync(`${DIR}/${f}`, 'utf8') }));
const designsOf = (text: string) => (/^design:\s*(.+)$/m.exec(text)?.[1] ?? 'upstream-5.8').split(',').map((s) => s.trim());
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
};

for (const vp of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }]) {
  test(`no collisions on any library view at ${vp.width}×${vp.height}`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize(vp);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('/?bench');
    await page.waitForFunction(() => !!window.__bench);
    const defects: string[] = [];
    const fills: number[] = [];
    const moves: number[] = [];
    let minFont = Infinity;
    let views = 0;
    // measureGraph lives in the page; each view is walked there (one round trip per run).
    // (`__name`: the helper esbuild-compiled code may call for named functions.)
    await page.evaluate(`window.__name = (f) => f; window.__measure = ${measureGraph.toString()}`);
    for (const sc of library) {
      for (const design of designsOf(sc.text)) {
        const frames = await page.evaluate(async ([t, d]) => {
          const w = window as unknown as { __bench: NonNullable<Window['__bench']>; __measure: typeof measureGraph };
          await w.__bench.load(t, d);
          const n = w.__bench.steps();
          const out: GraphMetrics[] = [w.__measure('.graph-panel > svg')];
          for (let i = 1; i <= n; i++) {
            await w.__bench.stepDrawn(1);
            out.push(w.__measure('.graph-panel > svg'));
          }
          return out;
        }, [sc.text, design] as const);
        let prev: GraphMetrics | null = null;
        frames.forEach((m, i) => {
          views++;
          for (const d of m.defects) defects.push(`${sc.id} ${design} step ${i}: ${d}`);
          if (m.boxes) {
            fills.push(m.fill);
            minFont = Math.min(minFont, m.minFontPx);
            if (m.minFontPx < 12 && vp.width === 1440) defects.push(`${sc.id} ${design} step ${i}: text at ${m.minFontPx.toFixed(1)} px`);
          }
          if (prev) {
            const p = prev;
            const d = Object.keys(m.pos).filter((id) => p.pos[id]).map((id) => Math.hypot(m.pos[id][0] - p.pos[id][0], m.pos[id][1] - p.pos[id][1]));
            if (d.length) moves.push(median(d));
          }
          prev = m;
        });
      }
    }
    console.log(`${vp.width}×${vp.height}: ${views} views, median fill ${(median(fills) * 100).toFixed(0)} %, min text ${minFont.toFixed(1)} px, median move ${median(moves)} px, ${defects.length} defects`);
    expect(defects.slice(0, 60)).toEqual([]);
    expect(median(fills)).toBeGreaterThanOrEqual(0.4);
    expect(median(moves)).toBeLessThanOrEqual(8);
  });
}
