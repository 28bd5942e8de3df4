import { readFileSync } from 'node:fs';
import { clickGroup, expect, link, node, shot, test } from './fixtures';

const DEMO = readFileSync('src/scenarios/demo-v3-usage.scn', 'utf8');
/** The library report of the demo, without the `File:` line (the page has no file name). */
const GOLDEN = readFileSync('test/report/golden/demo-v3-usage.txt', 'utf8').replace(/^File: .*\n/m, '');

test('File > Copy as mail copies the plain-text report and shows it', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(link(DEMO, 'v3-group-flag'));
  await page.getByLabel('File menu').click();
  await page.getByRole('button', { name: 'Copy as mail' }).click();
  const dialog = page.getByRole('dialog', { name: 'Report for a mail reply' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('status')).toContainText('Copied to the clipboard');
  const shown = await dialog.getByTestId('mail-report').textContent();
  expect(shown).toBe(GOLDEN);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(GOLDEN);
  for (const l of GOLDEN.split('\n')) expect(l.length).toBeLessThanOrEqual(72);
  // The picture (copied to docs/img/ for docs/share.md): results and first divergence in view.
  await dialog.getByTestId('mail-report').evaluate((el) => {
    const lines = (el.textContent ?? '').split('\n');
    el.scrollTop = (el.scrollHeight * lines.findIndex((l) => l.startsWith('Results'))) / lines.length - 4;
  });
  await shot(page, 'mail-report');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});

test('kernel functions in the trace, the inspector and completion link to their source, in a new tab', async ({ page }) => {
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1')) external.push(r.url());
  });
  await page.goto(link(DEMO, 'upstream-5.8'));
  // Step only once the run is shown: a key pressed while the page is still loading goes nowhere
  // (CI, a cold machine, failed here on the bare key press).
  await expect(page.getByRole('status').filter({ hasText: 'Start' })).toBeVisible();
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Step 1\// })).toBeVisible();
  const a = page.locator('.trace a[data-src-link="iommu_dev_enable_feature"]').first();
  await expect(a).toHaveAttribute('href', /^https:\/\/elixir\.bootlin\.com\/linux\/v5\.8\/source\/drivers\/iommu\/iommu\.c#L\d+$/);
  await expect(a).toHaveAttribute('target', '_blank');
  await expect(a).toHaveAttribute('rel', 'noopener noreferrer');
  // The same scenario under pasid-6.x links to v6.12.
  await page.goto(link(DEMO, 'pasid-6.x'));
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.locator('.trace a[data-src-link="iommu_alloc_global_pasid"]').first()).toHaveAttribute('href', /\/linux\/v6\.12\/source\/drivers\/iommu\/iommu\.c#L\d+$/);
  await shot(page, 'source-links-trace');
  // Completion: the info box lists the definition per version.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('iommu_aux_attach_gro');
  await page.keyboard.press('Control+Space');
  const info = page.locator('.cm-completionInfo a.src-link').first();
  await expect(info).toHaveAttribute('href', 'https://lore.kernel.org/linux-iommu/20200714055703.5510-3-baolu.lu@linux.intel.com/');
  await expect(info).toHaveAttribute('target', '_blank');
  await shot(page, 'source-links-completion');
  expect(external, 'a link is only a link: nothing is fetched').toEqual([]);
});

test('the completion info box waits for a pause in typing: one box, not one per key', async ({ page }) => {
  await page.goto(link(DEMO, 'upstream-5.8'));
  await expect(page.getByRole('status').filter({ hasText: 'Start' })).toBeVisible();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('iommu_a');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.cm-completionInfo a.src-link').first()).toBeVisible();
  // Count the info boxes added while the name is typed on, a key every 30 ms with the list open.
  await page.evaluate(() => {
    const w = window as unknown as { __infos: number };
    w.__infos = 0;
    new MutationObserver((ms) => {
      for (const m of ms) for (const n of m.addedNodes) if (n instanceof HTMLElement && n.classList.contains('cm-completionInfo')) w.__infos++;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.keyboard.type('ux_attach_gro', { delay: 30 });
  // Each key re-filtered the list; its box came back once the typing stopped (250 ms later), not
  // on each of the 13 keys as it did when the box was made at once (a very slow machine may
  // pause once mid-word for longer than that: two boxes).
  await expect(page.locator('.cm-completionInfo a.src-link').first()).toHaveAttribute('data-src-link', 'iommu_aux_attach_group');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __infos: number }).__infos)).toBeLessThanOrEqual(2);
});

/** k17's opening: a claim puts G_P on VT-d's static blocking domain, which has no set_dev_pasid. */
const BLOCKING = `design: pasid-6.x
pci P pasids=1048576
iommu_group_claim_dma_owner(G_P, 1) => 0
B = iommu_get_domain_for_dev(P)
iommu_attach_device_pasid(B, P, 1) => -EOPNOTSUPP
`;

test('a claimed group shows its blocking domain, and the claim\'s trace links to v6.12', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(link(BLOCKING, 'pasid-6.x'));
  await expect(page.getByRole('status').filter({ hasText: 'Start' })).toBeVisible();
  await expect(node(page, 'blocking_domain')).toHaveCount(0);
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Step 1\// })).toBeVisible();
  await expect(node(page, 'blocking_domain')).toHaveAttribute('data-kind', 'domain');
  await expect(page.locator('.trace a[data-src-link="__iommu_take_dma_ownership"]').first()).toHaveAttribute('href', /\/linux\/v6\.12\/source\/drivers\/iommu\/iommu\.c#L\d+$/);
  await expect(page.locator('.trace a[data-src-link="blocking_domain_attach_dev"]').first()).toHaveAttribute('href', /\/linux\/v6\.12\/source\/drivers\/iommu\/intel\/iommu\.c#L\d+$/);
  await clickGroup(page, 'G_P');
  await expect(page.locator('.inspector tr[data-field="domain"]')).toContainText('blocking_domain');
  await expect(page.locator('.inspector tr[data-field="owner_cnt"]')).toContainText('1');
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Step 3\// })).toBeVisible();
  await expect(page.locator('.trace')).toContainText('-EOPNOTSUPP');
  await shot(page, 'blocking-domain');
});
