/**
 * The graph as a user meets it: the 1,024-mdev overview (one readable tile per parent, a click
 * opens the family), fit on load and on a design switch with the user's zoom kept while
 * stepping, edges that say what they are, and compare panes on the same renderer with linked
 * pan/zoom. Screenshots go to e2e/artifacts (docs/img holds the ones the docs show).
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { largeScenario } from '../bench/ui';
import { test, expect, shot } from './fixtures';

const DEMO = readFileSync('src/scenarios/demo-v3-usage.scn', 'utf8');
const transform = (page: Page, sel = '.graph-panel > svg > g.viewport') => page.locator(sel).first().getAttribute('transform');

async function boot(page: Page) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?bench');
  await page.waitForFunction(() => !!window.__bench);
}

test('64 parents × 16 mdevs open on an overview: one tile per parent, text ≥ 12 px, a click opens the family', async ({ page }) => {
  await boot(page);
  await page.evaluate((t) => window.__bench!.load(t), largeScenario());
  const tiles = page.locator('.g-tile');
  await expect(tiles).toHaveCount(64);
  const m = await page.evaluate(() => {
    const px = [...document.querySelectorAll<SVGTextElement>('.g-tile text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM()!.a);
    const rects = [...document.querySelectorAll('.g-tile rect')].map((r) => r.getBoundingClientRect());
    const pane = document.querySelector('.graph-panel > svg')!.getBoundingClientRect();
    const inPane = rects.every((r) => r.left >= pane.left && r.right <= pane.right && r.top >= pane.top && r.bottom <= pane.bottom);
    let overlaps = 0;
    rects.forEach((a, i) => rects.forEach((b, j) => { if (i < j && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++; }));
    return { min: Math.min(...px), inPane, overlaps, text: document.querySelector('.g-tile[data-node-id="P0"] title')?.textContent };
  });
  expect(m.min).toBeGreaterThanOrEqual(12);
  expect(m.inPane).toBe(true);
  expect(m.overlaps).toBe(0);
  expect(m.text).toMatch(/^P0: 16 mdevs; \d+ groups attached/);
  await page.waitForTimeout(400);
  await shot(page, 'overview-1024');
  await page.locator('.g-tile[data-node-id="P3"]').click();
  await expect(page.locator('.g-node[data-node-id="P3"]')).toBeVisible();
  await expect(page.locator('.graph-panel > svg .g-node[data-kind="mdev"]:not(.ghost)')).toHaveCount(16);
  // P3's mdevs are m3, m67, … m963 (mdev m<i> has parent P<i % 64>).
  for (const m of ['m3', 'm67', 'm515', 'm963']) await expect(page.locator(`.g-node[data-node-id="${m}"]`)).toBeVisible();
  await expect(page.locator('.g-tile')).toHaveCount(0);
  await page.getByRole('button', { name: /Overview/ }).click();
  await expect(tiles).toHaveCount(64);
  // Zooming in far enough opens the tile under the middle of the pane.
  const pane = (await page.locator('.graph-panel > svg').boundingBox())!;
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  for (let i = 0; i < 12 && (await tiles.count()) > 0; i++) {
    await page.mouse.wheel(0, -400);
    await page.waitForTimeout(60);
  }
  await expect(page.getByRole('button', { name: /Overview/ })).toBeVisible();
  await expect(tiles).toHaveCount(0);
});

test('fits on load and on a design switch; stepping keeps the user zoom until Fit', async ({ page }) => {
  await boot(page);
  await page.evaluate((t) => window.__bench!.load(t, 'upstream-5.8'), DEMO);
  const fitted = await transform(page);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(() => transform(page)).not.toBe(fitted);
  const zoomed = await transform(page);
  await page.evaluate(() => window.__bench!.step(1));
  await page.evaluate(() => window.__bench!.step(1));
  expect(await transform(page)).toBe(zoomed);
  await page.getByRole('button', { name: 'Fit' }).click();
  await expect.poll(() => transform(page)).toBe(fitted);
  await page.getByRole('button', { name: 'Zoom in' }).click();
  const zoomedAgain = await transform(page);
  await page.getByRole('button', { name: /^v3-group-flag/ }).click();
  await expect.poll(() => transform(page)).not.toBe(zoomedAgain);
  // The design's own picture, fitted: pressing Fit changes nothing.
  const switched = await transform(page);
  await page.getByRole('button', { name: 'Fit' }).click();
  expect(await transform(page)).toBe(switched);
});

test('edges say what they are: distinct kinds, inline PASID labels, a label on focus', async ({ page }) => {
  await boot(page);
  await page.evaluate((t) => window.__bench!.load(t, 'upstream-5.8'), DEMO);
  const steps = await page.evaluate(() => window.__bench!.steps());
  await page.evaluate((n) => window.__bench!.seek(n), steps);
  const kinds = await page.locator('.g-edge:not(.ghost)').evaluateAll((es) => [...new Set(es.map((e) => e.getAttribute('data-edge-kind')))].sort());
  expect(kinds).toEqual(expect.arrayContaining(['aux', 'container', 'default_domain', 'domain', 'iommu_device', 'pasid']));
  const styles = await page.locator('.g-edge:not(.ghost) path.line').evaluateAll((ps) => ps.map((p) => { const s = getComputedStyle(p); return `${s.stroke}|${s.strokeDasharray}|${p.parentElement!.getAttribute('data-edge-kind')}`; }));
  const byKind = new Map<string, string>();
  for (const s of styles) { const [c, d, k] = s.split('|'); byKind.set(k, `${c}|${d}`); }
  expect(new Set(byKind.values()).size, [...byKind].join('\n')).toBe(byKind.size);
  await expect(page.locator('.g-edge:not(.ghost)[data-edge-kind="aux"] text.elabel')).toHaveText('PASID 1');
  const edge = page.locator('.g-edge:not(.ghost)[data-edge-kind="default_domain"]').first();
  await expect(edge.locator('text.hlabel')).toBeHidden();
  await edge.focus();
  await expect(edge.locator('text.hlabel')).toBeVisible();
  await expect(edge.locator('text.hlabel')).toHaveText('default domain');
});

test('the demo at three steps, and compare panes on the same renderer with pan and zoom linked', async ({ page }) => {
  await boot(page);
  await page.evaluate((t) => window.__bench!.load(t, 'v3-group-flag'), DEMO);
  const steps = await page.evaluate(() => window.__bench!.steps());
  for (const [name, at] of [['demo-start', 0], ['demo-middle', Math.ceil(steps / 2)], ['demo-end', steps]] as const) {
    await page.evaluate((n) => window.__bench!.seek(n), at);
    await page.waitForTimeout(400); // the step's motion (≤ 250 ms) is over
    await shot(page, name);
  }
  await page.getByRole('tab', { name: 'Compare' }).click();
  const panes = page.locator('.cmp-pane');
  await expect(panes.first().locator('.g-node').first()).toBeVisible();
  const n = await panes.count();
  expect(n).toBeGreaterThanOrEqual(2);
  await page.getByRole('button', { name: 'First divergence' }).click();
  await page.waitForTimeout(400);
  await shot(page, 'compare');
  const before = await transform(page, '.cmp-pane:nth-child(2) g.viewport');
  const box = (await panes.first().locator('svg').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 12);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + 40, { steps: 5 });
  await page.mouse.up();
  const t1 = await transform(page, '.cmp-pane:nth-child(1) g.viewport');
  const t2 = await transform(page, '.cmp-pane:nth-child(2) g.viewport');
  expect(t2).not.toBe(before);
  expect(t2).toBe(t1);
});

test('the SVG export of a large machine is the picture the view shows: its overview, then the family opened', async ({ page }) => {
  await boot(page);
  await page.evaluate((t) => window.__bench!.load(t), largeScenario());
  await expect(page.locator('.g-tile')).toHaveCount(64);
  const exportSvg = async () => {
    await page.getByText('File ▾').click();
    const dl = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export graph as SVG' }).click();
    return readFileSync((await (await dl).path())!, 'utf8');
  };
  const overview = await exportSvg();
  expect(overview.match(/class="g-tile[^"]*"/g)).toHaveLength(64);
  await page.locator('.g-tile[data-node-id="P3"]').click();
  await expect(page.locator('.g-tile')).toHaveCount(0);
  const family = await exportSvg();
  expect(family).not.toContain('g-tile');
  expect(family).toContain('data-node-id="m963"');
  expect(family).not.toContain('data-node-id="m4"');
});

test('the overview: violations on the tiles, counts that agree with the tooltips, a find box and a filtered outline', async ({ page }) => {
  test.slow(); // the 1,024-mdev machine: loaded, stepped, opened and filtered
  await boot(page);
  // The large machine, then a domain aux-attached to a group and detached: invariants broken.
  const extra = 'iommu_dev_enable_feature(P36, IOMMU_DEV_FEAT_AUX)\nD = iommu_domain_alloc(pci)\niommu_aux_attach_group(D, G_m100, P36)\niommu_detach_group(D, G_m100)\nshow D\n';
  await page.evaluate((t) => window.__bench!.load(t), largeScenario() + extra);
  await expect(page.locator('.g-tile')).toHaveCount(64);
  await page.waitForFunction(() => window.__bench!.idle());
  const steps = await page.evaluate(() => window.__bench!.steps());
  await page.evaluate((n) => window.__bench!.seek(n - 1), steps);
  const read = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.g-tile')].map((t) => ({
        id: t.getAttribute('data-node-id')!,
        violations: Number(t.getAttribute('data-violations') ?? 0),
        badge: t.querySelector('text.viol')?.textContent ?? '',
        count: t.querySelectorAll('text')[2]?.textContent ?? '',
        title: t.querySelector('title')?.textContent ?? '',
      })),
    );
  const tiles = await read();
  expect(tiles).toHaveLength(64);
  const violated = tiles.filter((t) => t.violations > 0);
  expect(violated.length).toBeGreaterThan(0);
  for (const t of violated) {
    expect(t.badge).toBe(`⚠${t.violations}`);
    expect(t.title).toContain(`${t.violations} invariant violation`);
  }
  for (const t of tiles) {
    const [, n, where] = /^(\d+)→(.+)$/.exec(t.count)!;
    if (where === 'dma') expect(t.title, t.id).toContain(`${n} groups attached`);
    else if (!where.endsWith('dom')) expect(t.title, t.id).toContain(`${n} to ${where}`);
  }
  // `show D` changes nothing: every tile keeps its violations.
  await page.evaluate(() => window.__bench!.step(1));
  expect((await read()).map((t) => t.violations)).toEqual(tiles.map((t) => t.violations));
  await shot(page, 'overview-violations');
  // Find: m963 is P3's (mdev m<i> has parent P<i % 64>): its tile opens, the object is selected.
  await page.getByLabel('Find object').fill('m963');
  await page.getByLabel('Find object').press('Enter');
  await expect(page.getByRole('button', { name: /Overview \(P3\)/ })).toBeVisible();
  await expect(page.locator('.graph-panel svg g.g-node[data-node-id="m963"]')).toHaveClass(/selected/);
  // The outline of 2,000+ objects lists through its filter.
  await page.getByRole('tab', { name: 'Outline' }).click();
  await page.getByLabel('Filter objects').fill('m963');
  await expect(page.locator('[data-outline-id="m963"]')).toBeVisible();
  await expect(page.locator('[data-outline-id="m962"]')).toHaveCount(0);
});
