import { expect, link, shot, test } from './fixtures';

test('search: pick two designs, Search, see the shortest disagreement side by side, explained', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Search' }).click();
  await page.getByLabel('Design A').selectOption('upstream-5.8');
  await page.getByLabel('Design B').selectOption('pasid-6.x');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const result = page.getByTestId('search-result');
  await expect(result).toContainText('Shortest disagreement: 2 calls', { timeout: 15_000 });
  await expect(result).toContainText('0 failed');
  await expect(page.getByTestId('search-stats')).toContainText('states');
  await expect(page.locator('.cmp-pane')).toHaveCount(2);
  await expect(page.locator('.cmp-pane[data-design="upstream-5.8"] [data-testid="pane-got"]')).toHaveText('NULL');
  await expect(page.locator('.cmp-pane[data-design="pasid-6.x"] [data-testid="pane-got"]')).toHaveText('C.d0');
  await expect(page.getByTestId('explain')).toContainText('NULL under upstream-5.8, C.d0 under pasid-6.x');
  // The table of steps is folded away under the panes; one click opens it.
  await page.getByRole('button', { name: 'Steps table' }).click();
  await expect(page.locator('.cmp-table td.differs')).toHaveCount(2);
  // Shared objects sit at the same place in both panes.
  const box = async (d: string) => page.locator(`.cmp-pane[data-design="${d}"] [data-node-id="P1"]`).first().getAttribute('transform');
  expect(await box('upstream-5.8')).toBe(await box('pasid-6.x'));
  await shot(page, 'compare-search');
  // The editor holds the found scenario.
  await page.getByRole('tab', { name: 'Playground' }).click();
  await expect(page.locator('.cm-content')).toContainText('design: upstream-5.8, pasid-6.x');
});

test('search: cancel keeps the page responsive', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Search' }).click();
  await page.getByLabel('Design A').selectOption('pasid-6.x');
  await page.getByLabel('Design B').selectOption('');
  await page.getByLabel('parents with AUX').fill('3');
  await page.getByLabel('mdevs per parent').fill('2');
  await page.getByLabel('containers').fill('2');
  await page.getByLabel('AUX enabled first').uncheck();
  await page.getByLabel('depth', { exact: true }).fill('12');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const cancel = page.getByRole('button', { name: 'Cancel' });
  await expect(cancel).toBeVisible();
  await expect(page.getByTestId('search-stats')).toContainText(/[1-9][\d,]* states/);
  // The main thread answers while the worker runs: the view tabs switch and come back.
  await page.getByRole('tab', { name: 'Matrix' }).click();
  await expect(page.locator('.matrix-table')).toBeVisible();
  await page.getByRole('tab', { name: 'Search' }).click();
  await shot(page, 'search-running');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('button', { name: 'Search', exact: true })).toBeVisible();
  await expect(page.locator('.search-progress')).toContainText('cancelled');
});

test('lock-step view: five designs, first divergence, the "same" setting', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Scenario library').selectOption('demo-stale-group-flag');
  await page.getByRole('tab', { name: 'Compare' }).click();
  for (const d of ['domain-flag', 'driver-map', 'pasid-6.x']) await page.getByRole('checkbox', { name: d }).check();
  await expect(page.locator('.cmp-pane')).toHaveCount(5);
  await page.getByRole('button', { name: 'First divergence' }).click();
  await expect(page.getByTestId('explain')).toContainText('differs');
  await expect(page.locator('.cmp-timeline .cell.first')).toHaveCount(1);
  // The default is observable state (docs/compare.md, "One level of the same"). Under 'returns'
  // the five designs differ on 6 of the 19 calls; counting internals, on every call (each design
  // keeps its breadcrumb elsewhere), so the setting must change the timeline.
  await expect(page.getByLabel('What counts as the same')).toHaveValue('observable');
  await expect(page.getByTestId('same-level')).toContainText('same = observable state');
  await page.getByLabel('What counts as the same').selectOption('returns');
  const returns = await page.locator('.cmp-timeline .cell.div').count();
  expect(returns).toBeGreaterThan(0);
  await page.getByLabel('What counts as the same').selectOption('internals');
  await expect.poll(() => page.locator('.cmp-timeline .cell.div').count()).toBeGreaterThan(returns);
  await expect(page.getByTestId('explain')).toContainText(/Kernel field|invariant|What a user sees/);
  await page.getByRole('button', { name: 'Jump to end' }).click();
  await shot(page, 'compare-five');
});

test('matrix: a cell opens the lock-step view at that step', async ({ page }) => {
  await page.goto(link('design: upstream-5.8\npci P1 pasids=1048576 siov\nmdev m1 parent=P1\ncontainer C\niommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0\nvfio_attach_group(C, G_m1) => 0\ndriver_get_domain(m1) => NULL\n'));
  await page.getByRole('tab', { name: 'Matrix' }).click();
  const own = page.locator('button[data-scenario="(your scenario)"][data-design="driver-map"]');
  await expect(own).toHaveAttribute('data-status', 'diverges');
  // At the default level (observable state) driver-map parts at the attach (step 2: G_m1's
  // domain is C.d0 there, NULL under v5.8), before the lookup returns differ (step 3).
  await expect(own).toContainText('2');
  await expect(page.getByLabel('What counts as the same')).toHaveValue('observable');
  await expect(page.locator('button[data-scenario="demo-v3-usage"][data-design="upstream-5.8"]')).toHaveAttribute('data-status', 'pass');
  await shot(page, 'matrix');
  await page.locator('button[data-scenario="demo-stale-group-flag"][data-design="driver-map"]').click();
  await expect(page.locator('.cmp-pane')).toHaveCount(2);
  await expect(page.locator('.cmp-timeline .cell.current')).toHaveClass(/\bdiv\b/);
  await page.getByRole('button', { name: 'Steps table' }).click();
  await expect(page.locator('.cmp-table tr.current')).toHaveClass(/diverges/);
  await shot(page, 'matrix-open');
});

test('a link made in the compare view reopens it: the compared designs, the level and the step (one cursor for both views)', async ({ page, context }) => {
  await page.goto('/');
  await page.getByLabel('Scenario library').selectOption('demo-stale-group-flag');
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByRole('checkbox', { name: 'driver-map' }).check();
  await page.getByRole('checkbox', { name: 'upstream-5.8' }).uncheck();
  await page.getByLabel('What counts as the same').selectOption('observable');
  await page.getByRole('button', { name: 'First divergence' }).click();
  const step = Number(await page.locator('.cmp-timeline .cell.current').getAttribute('aria-label').then((l) => /Step (\d+)/.exec(l ?? '')![1]));
  await page.getByRole('button', { name: /^Link/ }).click();
  const url = await page.locator('[data-notice="link"]').getByRole('textbox', { name: 'Link' }).inputValue();
  expect(url).toMatch(/&d=[^&]*v3-group-flag[^&]*driver-map/);
  expect(url).toMatch(/&m=compare&c=v3-group-flag,driver-map&l=observable/);
  expect(url).toContain(`&s=${step}`);

  const other = await context.newPage();
  await other.goto(url);
  await expect(other.locator('.cmp-pane')).toHaveCount(2);
  await expect(other.locator('.cmp-pane[data-design="driver-map"]')).toBeVisible();
  await expect(other.getByLabel('What counts as the same')).toHaveValue('observable');
  await expect(other.locator('.cmp-timeline .cell.current')).toHaveAttribute('aria-label', new RegExp(`^Step ${step}\\b`));
  // The playground shows the same step: one cursor.
  await other.getByRole('tab', { name: 'Playground' }).click();
  await expect(other.locator('footer.timeline:not(.cmp-timeline) [role=status]')).toContainText(`Step ${step}/`);
  await other.close();
});
