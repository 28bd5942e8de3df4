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
  test.setTimeout(90_000); // many steps; the shared machine runs them slowly
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
  test.setTimeout(90_000); // many steps; the shared machine runs them slowly
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

test('storage full: autosave moves to IndexedDB, says so, and the edit after the warning survives a reload', async ({ page }) => {
  test.setTimeout(90_000); // many steps; the shared machine runs them slowly
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  // Over 20,000 characters: the address bar no longer mirrors the text (the case).
  const big = `${MINE}${'# filler line to make the text long enough\n'.repeat(500)}`;
  await page.goto(link(MINE));
  await page.evaluate((t) => (location.hash = `#text=${encodeURIComponent(t)}`), big);
  await expect(page.locator('[data-notice="storage"]')).toContainText('now writes to IndexedDB');
  await typeAtEnd(page, '# after the warning');
  await page.waitForTimeout(150);
  await shot(page, 'persist-full');
  await page.goto('about:blank');
  await page.goto('/');
  await expect(page.locator('[data-notice="restored"]')).toBeVisible();
  // The editor draws only the lines in view: go to the end of the long text.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await expect(page.locator('.cm-content')).toContainText('# after the warning');
});

test('storage full and no IndexedDB: a clear message with Save to file, the work stays on screen', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    Object.defineProperty(window, 'indexedDB', { get: () => undefined });
  });
  await page.goto(link(MINE));
  await typeAtEnd(page, '# still here');
  const alert = page.getByRole('alert').filter({ hasText: 'storage for the playground is full' });
  await expect(alert).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('# still here');
  const download = page.waitForEvent('download');
  await alert.getByRole('button', { name: 'Save to file' }).click();
  const file = await download;
  const { readFile } = await import('node:fs/promises');
  expect(await readFile((await file.path())!, 'utf8')).toContain('# still here');
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

test('a reload 10 ms after a keystroke keeps it', async ({ page }) => {
  await page.goto(link(MINE));
  await expect(node(page, 'm1')).toBeVisible();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('# quick');
  await page.waitForTimeout(10);
  await page.goto('/');
  await expect(page.locator('.cm-content')).toContainText('# quick');
  await expect(node(page, 'm1')).toBeVisible();
  await expect(page.locator('[data-notice="unfinished"]')).toHaveCount(0);
});

test('a text whose last run did not finish is shown, not run, and says so; Run anyway runs it', async ({ page }) => {
  test.setTimeout(90_000); // many steps; the shared machine runs them slowly
  await page.addInitScript(
    ([k, text]) => {
      if (sessionStorage.getItem('seeded')) return;
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem(k, JSON.stringify({ v: 2, current: { text, design: 'upstream-5.8', savedAt: Date.now() } }));
      localStorage.setItem(`${k}.running`, JSON.stringify({ since: Date.now() }));
    },
    [KEY, MINE],
  );
  await page.goto('/');
  const notice = page.locator('[data-notice="unfinished"]');
  await expect(notice).toContainText('did not finish running last time');
  await expect(page.locator('.cm-content')).toContainText('mdev m1 parent=P1');
  // Not run: no graph, no result in the gutter.
  await page.waitForTimeout(300);
  await expect(page.locator('svg [data-node-id="m1"]')).toHaveCount(0);
  await shot(page, 'persist-unfinished');
  await notice.getByRole('button', { name: 'Run anyway' }).click();
  await expect(node(page, 'm1')).toBeVisible();
  // Finished and painted: the mark is gone, so the next visit runs it.
  await expect.poll(() => page.evaluate((k) => localStorage.getItem(`${k}.running`), KEY)).toBeNull();
  await page.reload();
  await expect(node(page, 'm1')).toBeVisible();
  await expect(page.locator('[data-notice="unfinished"]')).toHaveCount(0);
});

test('two tabs: an edit in one is said in the other, which can load it or keep its own; neither is lost', async ({ page, context }) => {
  test.setTimeout(90_000); // many steps; the shared machine runs them slowly
  await page.goto(link(MINE));
  await expect(node(page, 'm1')).toBeVisible();
  const other = await context.newPage();
  await other.goto('/');
  await expect(node(other, 'm1')).toBeVisible();
  await typeAtEnd(other, '# from the other tab');
  const notice = page.locator('[data-notice="other-tab"]');
  await expect(notice).toContainText('Another tab saved a different scenario');
  await shot(page, 'persist-other-tab');
  await notice.getByRole('button', { name: 'Keep mine' }).click();
  await expect.poll(() => savedText(page)).not.toContain('# from the other tab');
  // The other tab hears of ours in turn, and can take it (its own text goes to its history).
  const back = other.locator('[data-notice="other-tab"]');
  await expect(back).toBeVisible();
  await back.getByRole('button', { name: 'Load theirs' }).click();
  await expect(other.locator('.cm-content')).not.toContainText('# from the other tab');
  // The other tab's text is not lost: it is first in this tab's history.
  await page.getByLabel('File menu').click();
  await page.getByRole('button', { name: 'Kept scenarios…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Kept scenarios' });
  await expect(dialog.locator('li').first()).toContainText('lines');
  await dialog.locator('li').first().getByRole('button', { name: 'Restore' }).click();
  await expect(page.locator('.cm-content')).toContainText('# from the other tab');
  await other.close();
});

test('the history keeps every text two (and more) opened links replaced, newest first', async ({ page }) => {
  test.setTimeout(90_000); // many steps; the shared machine runs them slowly
  await page.goto(link(MINE));
  await typeAtEnd(page, '# work one');
  await expect.poll(() => savedText(page)).toContain('# work one');
  const texts = ['# link A\npci A\n', '# link B\npci B\n', '# link C\npci C\n'];
  for (const t of texts) {
    await page.evaluate((h) => (location.hash = h), `#text=${encodeURIComponent(t)}`);
    await expect(node(page, t.slice(-2, -1))).toBeVisible();
  }
  await page.getByLabel('File menu').click();
  await page.getByRole('button', { name: 'Kept scenarios…' }).click();
  const items = page.getByRole('dialog', { name: 'Kept scenarios' }).locator('li');
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText('link B');
  await expect(items.nth(1)).toContainText('link A');
  await expect(items.nth(2)).toContainText('pci P1');
  await shot(page, 'persist-history');
  await items.nth(2).getByRole('button', { name: 'Restore' }).click();
  await expect(page.locator('.cm-content')).toContainText('# work one');
});
