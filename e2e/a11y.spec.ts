/**
 * axe-core (@axe-core/playwright) over every view: no violation of impact serious or critical.
 * The views: the playground (with a selection and its calls, and while typing: the completion
 * list and its info box), the help dialog, the presenter
 * (title card and a step), compare, matrix, search, the first-visit tour; light and dark.
 * A scan takes 15–40 s on the shared 2-core machine, hence one test per few views.
 */
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, link, node, test } from './fixtures';

const DEMO = readFileSync('src/scenarios/demo-v3-usage.scn', 'utf8');

async function scan(page: Page, what: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${what}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''}`);
}

async function open(page: Page, theme: 'light' | 'dark') {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ reducedMotion: 'reduce', colorScheme: theme });
  await page.goto(link(DEMO));
  await expect(node(page, 'P1')).toBeVisible();
  await page.keyboard.press('End');
}

for (const theme of ['light', 'dark'] as const) {
  test(`axe (${theme}): the playground, with a selection and its calls`, async ({ page }) => {
    test.setTimeout(300_000);
    await open(page, theme);
    const found = await scan(page, 'playground');
    await node(page, 'P1').click();
    await expect(page.getByRole('region', { name: 'Calls for the selection' })).toBeVisible();
    found.push(...(await scan(page, 'playground with a selection')));
    // Typing: the completion list with its selected option and the info box.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('iommu_aux_at');
    await expect(page.locator('.cm-completionInfo a.src-link').first()).toBeVisible();
    found.push(...(await scan(page, 'completion')));
    expect(found).toEqual([]);
  });

  test(`axe (${theme}): compare, matrix, search`, async ({ page }) => {
    test.setTimeout(300_000);
    await open(page, theme);
    const found: string[] = [];
    for (const tab of ['Compare', 'Matrix', 'Search']) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
      await page.waitForTimeout(500);
      found.push(...(await scan(page, tab.toLowerCase())));
    }
    expect(found).toEqual([]);
  });
}

test('axe: the help dialog and the presenter', async ({ page }) => {
  test.setTimeout(300_000);
  await open(page, 'light');
  await page.locator('header h1').click();
  await page.keyboard.press('?');
  await expect(page.locator('dialog.help')).toBeVisible();
  const found = await scan(page, 'help');
  await page.keyboard.press('Escape');
  await page.keyboard.press('p');
  await expect(page.locator('[data-title-card]')).toBeVisible();
  found.push(...(await scan(page, 'presenter title card')));
  await page.keyboard.press('End');
  await expect(page.locator('.presenter-stmt')).toBeVisible();
  found.push(...(await scan(page, 'presenter')));
  expect(found).toEqual([]);
});

test.describe('first visit', () => {
  test.use({ firstVisit: true });
  test('axe: the tour, on the playground and on its last stop (Compare)', async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    const card = page.locator('.tour-card');
    await expect(card).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(card).toHaveAttribute('data-tour-stop', 'editor');
    const found = await scan(page, 'tour');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Enter');
    await expect(card).toHaveAttribute('data-tour-stop', 'compare');
    found.push(...(await scan(page, 'tour, last stop')));
    expect(found).toEqual([]);
  });
});
