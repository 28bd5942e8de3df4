import { expect, shot, test } from './fixtures';

// The search Worker starts an expander Worker of its own (src/ui/search-pool.ts) and searches on
// two threads: the result is the one `npm run search -- --designs pasid-6.x --machine
// aux=2,plain=1,mdevs=2,containers=2 --depth 5 --workers 1` prints (2,470 states up to symmetry,
// exhaustive); a second search reuses both Workers; a cancel is a message, and the next search
// still answers.
test('search on two threads: the sequential answer, the Workers reused, cancel', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Search' }).click();
  await page.getByLabel('Design A').selectOption('pasid-6.x');
  await page.getByLabel('Design B').selectOption('');
  await page.getByLabel('mdevs per parent').fill('2');
  await page.getByLabel('containers').fill('2');
  await page.getByLabel('depth', { exact: true }).fill('5');
  const result = page.getByTestId('search-result');
  for (let i = 0; i < 2; i++) {
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(result).toContainText('No disagreement within depth 5 (2,470 states up to symmetry', { timeout: 30_000 });
    await expect(result).toContainText('every state explored');
    // The stats line says where it ran: the search Worker and its expander.
    await expect(page.getByTestId('search-stats')).toContainText('· 2 threads');
  }
  const workers = page.workers().map((w) => w.url());
  expect(workers.filter((u) => u.includes('search.worker'))).toHaveLength(1);
  expect(workers.filter((u) => u.includes('search-expander'))).toHaveLength(1);
  await shot(page, 'search-parallel');

  // A long search, cancelled, then a short one on the same Workers.
  await page.getByLabel('parents with AUX').fill('3');
  await page.getByLabel('depth', { exact: true }).fill('12');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByTestId('search-stats')).toContainText(/[1-9][\d,]* states/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.locator('.search-progress')).toContainText('cancelled');
  await page.getByLabel('parents with AUX').fill('2');
  await page.getByLabel('depth', { exact: true }).fill('5');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(result).toContainText('2,470 states up to symmetry', { timeout: 30_000 });
  expect(page.workers().filter((w) => w.url().includes('search-expander'))).toHaveLength(1);
});

