/**
 * A scenario over 20,000 characters runs in the run Worker (src/runner/run.worker.ts) and comes
 * back through the wire (src/runner/wire.ts): results, the graph, a trace rebuilt on the page,
 * an edit at the end, a syntax error that keeps the last good run, all as for a short text.
 */
import type { Page } from '@playwright/test';
import { expect, link, node, test } from './fixtures';

const CALLS = 760;
const LONG = [
  '# a long scenario: it runs in the Worker',
  'design: upstream-5.8, pasid-6.x',
  'pci P1 pasids=1048576 siov',
  'mdev m1 parent=P1',
  'container C',
  'iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0 @upstream-5.8 | unsupported',
  'vfio_attach_group(C, G_m1) => 0',
  ...Array.from({ length: CALLS }, () => 'iommu_get_domain_for_dev(m1)'),
  '',
].join('\n');

/**
 * Counts, per Worker script, the answers (`done`, `report`, `runs` messages) the page receives:
 * what is shown must have come from the run Worker, not from a page-side run after the Worker
 * failed (or an app built without one).
 */
async function countWorkerMessages(page: Page) {
  await page.addInitScript(() => {
    const done: Record<string, number> = {};
    (window as unknown as { __workerDone: typeof done }).__workerDone = done;
    const Real = window.Worker;
    window.Worker = class extends Real {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        const name = String(url).replace(/^.*\//, '').replace(/[-.].*$/, '');
        this.addEventListener('message', (ev: MessageEvent<{ type?: string }>) => {
          const t = ev.data?.type;
          if (t === 'done' || t === 'report' || t === 'runs') done[`${name} ${t}`] = (done[`${name} ${t}`] ?? 0) + 1;
        });
      }
    };
  });
}

const workerCount = (page: Page, what: string) => page.evaluate((w) => (window as unknown as { __workerDone: Record<string, number> }).__workerDone[w] ?? 0, what);

test('the matrix\'s rows come from the run Worker: a short scenario\'s too, none run on the page', async ({ page }) => {
  await countWorkerMessages(page);
  await page.goto(link('design: upstream-5.8, driver-map\npci P1 pasids=1048576 siov\nmdev m1 parent=P1\ncontainer C\nvfio_attach_group(C, G_m1) => 0\n'));
  await page.getByRole('tab', { name: 'Matrix' }).click();
  const table = page.locator('.matrix-table');
  await expect(table).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
  const rows = await table.locator('tbody tr').count();
  expect(rows).toBeGreaterThan(20);
  await expect(table.locator('button[data-status="pending"]')).toHaveCount(0);
  // One runs answer per row (the editor's text and every library scenario), each from the Worker.
  expect(await workerCount(page, 'run runs')).toBe(rows);
  await expect(page.locator('button[data-scenario="(your scenario)"][data-design="driver-map"]')).toHaveAttribute('data-status', /pass|diverges/);
  // Back and again: the answers are kept, nothing is asked twice.
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByRole('tab', { name: 'Matrix' }).click();
  await expect(table).toHaveAttribute('aria-busy', 'false');
  expect(await workerCount(page, 'run runs')).toBe(rows);
});

test('a long scenario runs off the main thread and reads as a short one: results, trace, an edit at the end, a syntax error', async ({ page }) => {
  expect(LONG.length).toBeGreaterThan(20_000);
  // Count, per Worker script, the finished jobs (`done` messages) the page receives: the result
  // shown must have come from the run Worker, not from a page-side run after the Worker failed
  // (or an app built without one).
  await countWorkerMessages(page);
  const workerDone = async () => (await page.evaluate(() => (window as unknown as { __workerDone: Record<string, number> }).__workerDone['run done'] ?? 0));
  await page.goto(link(LONG, 'upstream-5.8'));
  const status = page.locator('.timeline [role=status]').first();
  await expect(status).toContainText(`(${CALLS + 2} steps)`, { timeout: 20_000 });
  expect(page.workers().some((w) => /run[-.]worker|run\.worker/.test(w.url()))).toBe(true);
  expect(await workerDone()).toBeGreaterThanOrEqual(1);
  const before = await workerDone();

  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('D = iommu_domain_alloc(pci)');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await expect(status).toContainText(`Step ${CALLS + 3}/${CALLS + 3}`);
  // The edit's run came from the Worker too.
  expect(await workerDone()).toBeGreaterThan(before);
  await expect(node(page, 'D')).toHaveAttribute('data-kind', 'domain');
  await expect(node(page, 'C.d0')).toBeVisible();
  await expect(page.locator('.cm-result').last()).toContainText('D');
  // The step's kernel trace, down to the driver, is rebuilt on the page by making its call again.
  const trace = page.getByRole('region', { name: 'Kernel trace' });
  await expect(trace.getByRole('link', { name: 'intel_iommu_domain_alloc' })).toBeVisible();
  await expect(trace).toContainText('(IOMMU_DOMAIN_UNMANAGED) = D');

  // A syntax error: the last good run stays (stale), and fixing it brings the new result.
  await page.keyboard.type('iommu_attach_device(D,');
  await expect(page.getByText('Syntax errors: showing the last run')).toBeVisible();
  await expect(node(page, 'D')).toBeVisible();
  await page.keyboard.type(' P1)');
  await expect(page.getByText('Syntax errors: showing the last run')).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(status).toContainText(`Step ${CALLS + 4}/${CALLS + 4}`);

  // File > Copy as mail: the report of the long text is made in the run Worker, not on the page.
  await page.getByText('File ▾').click();
  await page.getByRole('button', { name: 'Copy as mail' }).click();
  const dialog = page.getByRole('dialog', { name: 'Report for a mail reply' });
  await expect(dialog.getByTestId('mail-report')).toContainText('IOMMU Playground: a long scenario: it runs in the Worker', { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { __workerDone: Record<string, number> }).__workerDone['run report'] ?? 0)).toBe(1);
});
