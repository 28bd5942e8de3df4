import type { Page } from '@playwright/test';
import { expect, link, node, shot, test } from './fixtures';

/** The scenario text in the store, as the live hash mirrors it (`#text=`). */
const editorText = (page: Page) =>
  page.waitForFunction(() => /[#&]text=/.test(location.hash)).then(() => page.evaluate(() => decodeURIComponent(/[#&]text=([^&]*)/.exec(location.hash)![1])));

const KEY = 'iommu-playground.autosave';
const MINE = 'pci P1 pasids=1048576 siov\nmdev m1 parent=P1\ncontainer C\nvfio_attach_group(C, G_m1) => 0\n';
const OTHER = 'pci V\ncontainer C\nvfio_attach_group(C, G_V) => 0\n';

async function typeAtEnd(page: Page, text: string) {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}
const savedText = (page: Page) => page.evaluate((k) => JSON.parse(localStorage.getItem(k) ?? 'null')?.current?.text as string | undefined, KEY);

test('autosave: the scenario comes back on the next visit, with the choice to discard it', async ({ page }) => {
  await page.goto(link(MINE));
  await typeAtEnd(page, '# my edit');
  await expect.poll(() => savedText(page)).toContain('# my edit');
  await page.goto('about:blank');
  await page.goto('/');
  const restored = page.locator('[data-notice="restored"]');
  await expect(restored).toContainText('Restored the scenario you were working on');
  await expect.poll(() => editorText(page)).toContain('# my edit');
  await expect(node(page, 'm1')).toBeVisible();
  await shot(page, 'persist-restored');
  await restored.getByRole('button', { name: 'Discard it' }).click();
  await expect(page.getByLabel('Scenario library')).toHaveValue('demo-v3-usage');
  await expect.poll(() => savedText(page)).not.toContain('# my edit');
  await page.goto('about:blank');
  await page.goto('/');
  await expect(page.getByLabel('Scenario library')).toHaveValue('demo-v3-usage');
  await expect(page.locator('[data-notice="restored"]')).toHaveCount(0);
});

test('opening a link over unsaved work keeps both: the work can be brought back', async ({ page }) => {
  await page.goto(link(MINE));
  await typeAtEnd(page, '# unsaved');
  await expect.poll(() => savedText(page)).toContain('# unsaved');
  // A new visit through someone's link.
  await page.goto('about:blank');
  await page.goto(link(OTHER, 'driver-map'));
  await expect(node(page, 'V')).toBeVisible();
  const kept = page.locator('[data-notice="kept"]');
  await expect(kept).toContainText('was kept');
  await shot(page, 'persist-kept');
  await kept.getByRole('button', { name: 'Bring it back' }).click();
  await expect.poll(() => editorText(page)).toContain('# unsaved');
  // …and the link's scenario is kept in turn.
  await expect(page.locator('[data-notice="kept"]')).toContainText('was kept');
  // The library replacing work does the same.
  await page.getByLabel('Scenario library').selectOption('demo-stale-group-flag');
  await page.locator('[data-notice="kept"]').getByRole('button', { name: 'Bring it back' }).click();
  await expect.poll(() => editorText(page)).toContain('# unsaved');
});

test('a corrupt saved state is set aside with a message; the page starts', async ({ page }) => {
  await page.addInitScript((k) => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    localStorage.setItem(k, '{"v":1,"current":{"text":42');
  }, KEY);
  await page.goto('/');
  await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toBeVisible();
  await expect(page.getByLabel('Scenario library')).toHaveValue('demo-v3-usage');
  await expect(node(page, 'm1')).toBeVisible();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('iommu-playground.autosave.corrupt'))).toContain('"text":42');
});

test('storage full: a clear message, the work stays on screen', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await page.goto(link(MINE));
  await typeAtEnd(page, '# still here');
  await expect(page.getByRole('alert').filter({ hasText: 'storage for the playground is full' })).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('# still here');
  await shot(page, 'persist-full');
});

test('storage unavailable: the app starts and says autosave is off', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get: () => { throw new DOMException('denied', 'SecurityError'); } });
  });
  await page.goto(link(MINE));
  await expect(page.getByRole('alert').filter({ hasText: 'Autosave is off' })).toBeVisible();
  await expect(node(page, 'm1')).toBeVisible();
  await typeAtEnd(page, '# typed');
  // The hash follows the text after a short debounce: poll rather than read once.
  await expect.poll(() => editorText(page)).toContain('# typed');
});

test('a 5 MB paste and a 5 MB link are refused; the text is unchanged and the page responsive', async ({ page }) => {
  await page.goto(link(MINE));
  await page.locator('.cm-content').click();
  const before = await editorText(page);
  const t0 = Date.now();
  await page.locator('.cm-content').evaluate((el) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', 'container C\n'.repeat(5 * 1024 * 1024 / 12));
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  await expect(page.getByRole('alert').filter({ hasText: 'limited to 256 KB' })).toBeVisible();
  const frame = await page.evaluate(async () => {
    const s = performance.now();
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    return performance.now() - s;
  });
  expect(frame).toBeLessThan(200);
  expect(Date.now() - t0).toBeLessThan(5000);
  await page.keyboard.type('# ok');
  await expect.poll(() => editorText(page)).toContain('# ok');
  expect((await editorText(page)).length).toBeLessThan(before.length + 10);
  await shot(page, 'persist-big-paste');

  await page.evaluate(() => (location.hash = `#text=${'x'.repeat(5 * 1024 * 1024)}`));
  await expect(page.getByRole('alert').filter({ hasText: 'was not opened' })).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('# ok');
});
