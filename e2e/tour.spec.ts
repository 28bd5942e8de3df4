/**
 * The guided first visit (src/ui/tour): only on a first visit to a plain address, at most six
 * stops with Skip on each, it ends on the Compare view at the demo's first divergence, never
 * comes back by itself, and Help reopens it.
 */
import { expect, link, shot, test } from './fixtures';
import type { Page } from '@playwright/test';

test.use({ firstVisit: true });

const card = (page: Page) => page.getByRole('dialog', { name: /./ }).and(page.locator('.tour-card'));

test('a first visit walks the tour: ≤ 6 stops, Skip on each, each card beside what it explains; it ends on Compare at the first divergence', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');
  const c = card(page);
  await expect(c).toBeVisible();
  await expect(c).toHaveAttribute('data-tour-stop', 'welcome');
  const total = Number((await c.locator('.tour-count').textContent())!.split('/')[1]);
  expect(total).toBeLessThanOrEqual(6);
  for (let i = 1; i <= total; i++) {
    await expect(c.locator('.tour-count')).toHaveText(`${i} / ${total}`);
    await expect(c.getByRole('button', { name: 'Skip tour' })).toBeVisible();
    // The primary button has the focus: Enter goes on.
    await expect(c.locator('.tour-next')).toBeFocused();
    const ring = page.locator('.tour-ring');
    if (i > 1) {
      await expect(ring).toBeVisible();
      // The card is beside its target, not over it.
      const [a, b] = [(await c.boundingBox())!, (await ring.boundingBox())!];
      const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      expect(overlap, `stop ${i} card over its target`).toBe(false);
    }
    await shot(page, `tour-${i}-${await c.getAttribute('data-tour-stop')}`);
    if (i < total) await page.keyboard.press('Enter');
  }
  // The last stop: the Compare view, at the first step where the designs disagree.
  await expect(page.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  const status = page.locator('.cmp-status');
  await expect(status).toContainText('First divergence at step');
  const first = Number(/First divergence at step (\d+)/.exec((await status.textContent())!)![1]);
  // The steps table is folded (issue 19); the timeline's current cell is the first divergence.
  await expect(page.locator('.cmp-timeline .cell.current.first')).toBeVisible();
  expect(await page.locator('.cmp-timeline .cell.current').getAttribute('aria-label')).toContain(`${first}`);
  await c.getByRole('button', { name: 'Done' }).click();
  await expect(c).toBeHidden();
  // Not again by itself.
  await page.goto('/');
  await expect(page.getByRole('tab', { name: 'Playground' })).toBeVisible();
  await page.waitForTimeout(500);
  await expect(c).toBeHidden();
});

test('Skip ends the tour at any stop, Esc too; Help brings it back', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('/');
  const c = card(page);
  await expect(c).toBeVisible();
  await c.locator('.tour-next').click();
  await c.locator('.tour-next').click();
  await expect(c).toHaveAttribute('data-tour-stop', 'graph');
  await c.getByRole('button', { name: 'Skip tour' }).click();
  await expect(c).toBeHidden();
  await page.locator('header h1').click();
  await page.keyboard.press('?');
  await page.getByRole('button', { name: 'Take the tour again' }).click();
  await expect(page.locator('dialog.help')).toBeHidden();
  await expect(c).toHaveAttribute('data-tour-stop', 'welcome');
  await page.keyboard.press('Escape');
  await expect(c).toBeHidden();
  await page.reload();
  await page.waitForTimeout(500);
  await expect(c).toBeHidden();
});

test('no tour for a link, for ?tour=0, or for a returning visitor', async ({ page }) => {
  await page.goto(link('pci P1 pasids=1048576 siov\n'));
  await expect(page.locator('svg [data-node-id="P1"]').first()).toBeVisible();
  await expect(page.locator('.tour-card')).toHaveCount(0);
  await page.evaluate(() => localStorage.clear());
  await page.goto('/?tour=0');
  await expect(page.locator('svg [data-node-id="P1"]').first()).toBeVisible();
  await expect(page.locator('.tour-card')).toHaveCount(0);
});
