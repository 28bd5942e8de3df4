/**
 * Issue 19: the compare view readable on a projector. Every library scenario that names two or
 * more designs, opened in Compare with its first two designs at its first divergence at
 * 1280×720: every text drawn in the panes is at least 12 px on screen, in both modes; on the
 * demos the differences carry data-diff marks; Present shows the panes and Escape returns.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures';

const DIR = 'src/scenarios';
const named = readdirSync(DIR)
  .filter((f) => f.endsWith('.scn'))
  .sort()
  .map((f) => ({ id: f.replace(/\.scn$/, ''), text: readFileSync(`${DIR}/${f}`, 'utf8') }))
  .map((s) => ({ ...s, designs: (/^design:\s*(.+)$/m.exec(s.text)?.[1] ?? '').split(',').map((d) => d.trim()).filter(Boolean) }))
  .filter((s) => s.designs.length >= 2);

const DEMOS = ['demo-v3-usage', 'demo-shared-domain-gpf', 'demo-stale-group-flag', 'demo-variant-pasid-reuse'];

/** A link that opens the text in Compare with these designs (share codec v1, plain text). */
const compareLink = (text: string, designs: readonly string[]) =>
  `/#v=1&t=${encodeURIComponent(text)}&d=${designs.join(',')}&m=compare&c=${designs.join(',')}`;

/** The smallest on-screen size of any visible text in the panes: SVG font-size × zoom, HTML font-size. */
function smallestText(): { px: number; what: string; count: number } {
  let px = Infinity, what = '', count = 0;
  for (const t of document.querySelectorAll<SVGTextElement>('.cmp-panes svg text, .cmp-panes svg tspan')) {
    const cs = getComputedStyle(t);
    if (cs.display === 'none' || cs.visibility === 'hidden' || !t.textContent?.trim() || t.closest('.ghost, [display="none"]')) continue;
    const m = t.getScreenCTM()!;
    const size = parseFloat(cs.fontSize) * Math.hypot(m.a, m.b);
    count++;
    if (size < px) [px, what] = [size, t.textContent];
  }
  for (const el of document.querySelectorAll<HTMLElement>('.cmp-pane h3, .cmp-pane h3 *, .cmp-explain, .cmp-explain *, .diff-legend, .diff-legend *')) {
    if (!el.offsetParent || ![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim())) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < px) [px, what] = [size, el.textContent ?? ''];
  }
  return { px, what, count };
}

async function openAtDivergence(page: Page, s: (typeof named)[number]) {
  await page.goto(compareLink(s.text, s.designs.slice(0, 2)));
  await expect(page.locator('.cmp-pane')).toHaveCount(2);
  const first = page.getByRole('button', { name: 'First divergence' });
  if (await first.isEnabled()) await first.click();
  // Fits are made after the pane's size settles.
  await page.waitForTimeout(150);
}

for (const s of named) {
  test(`compare ${s.id} (${s.designs.slice(0, 2).join(' vs ')}): every text at least 12 px, side by side and diff`, async ({ page }) => {
    await openAtDivergence(page, s);
    const two = await page.evaluate(smallestText);
    expect(two.count).toBeGreaterThan(0);
    expect(two.px, `smallest text side by side: "${two.what}"`).toBeGreaterThanOrEqual(12);
    await page.getByRole('button', { name: 'Diff', exact: true }).click();
    await expect(page.locator('.cmp-pane')).toHaveCount(1);
    await page.waitForTimeout(100);
    const diff = await page.evaluate(smallestText);
    expect(diff.px, `smallest text in the diff: "${diff.what}"`).toBeGreaterThanOrEqual(12);
  });
}

for (const id of DEMOS) {
  test(`${id}: picked from the library, Compare shows two of its designs that part; what differs at the first divergence is marked (data-diff) in the diff and side by side`, async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Scenario library').selectOption(id);
    await page.getByRole('tab', { name: 'Compare' }).click();
    await expect(page.locator('.cmp-pane')).toHaveCount(2);
    await page.getByRole('button', { name: 'First divergence' }).click();
    await page.waitForTimeout(100);
    expect((await page.evaluate(smallestText)).px).toBeGreaterThanOrEqual(12);
    expect(await page.locator('.cmp-panes svg [data-diff]').count()).toBeGreaterThan(0);
    await shot(page, `compare-${id}-2up`);
    await page.getByRole('button', { name: 'Diff', exact: true }).click();
    await expect(page.locator('.cmp-pane')).toHaveCount(1);
    expect(await page.locator('.cmp-panes svg [data-diff]').count()).toBeGreaterThan(0);
    await page.waitForTimeout(100);
    await shot(page, `compare-${id}-diff`);
  });
}

test('Present in Compare shows the panes with the narration; Escape and Exit return to the view as it was', async ({ page }) => {
  await openAtDivergence(page, named.find((s) => s.id === 'demo-v3-usage')!);
  await page.getByRole('button', { name: 'Diff', exact: true }).click();
  const step = await page.locator('.cmp-timeline .cell.current').getAttribute('aria-label');
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByRole('region', { name: 'Presenter' })).toBeVisible();
  await expect(page.locator('header.top')).toBeHidden();
  await expect(page.locator('.cmp-pane')).toHaveCount(1);
  expect((await page.evaluate(smallestText)).px).toBeGreaterThanOrEqual(12);
  await shot(page, 'compare-present');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'Presenter' })).toHaveCount(0);
  await expect(page.locator('header.top')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Diff', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.cmp-timeline .cell.current')).toHaveAttribute('aria-label', step!);
});

test('Present: the visible Exit returns; the matrix cannot be presented and says why', async ({ page }) => {
  await openAtDivergence(page, named.find((s) => s.id === 'demo-stale-group-flag')!);
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByRole('region', { name: 'Presenter' })).toBeVisible();
  await page.getByRole('button', { name: 'Exit presenter (Esc)' }).click();
  await expect(page.locator('header.top')).toBeVisible();
  // The matrix cannot be presented: Present is disabled there and says why.
  await page.getByRole('tab', { name: 'Matrix' }).click();
  await expect(page.getByRole('button', { name: 'Present' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Present' })).toHaveAttribute('title', /matrix cannot be presented/);
});
