import { mkdirSync } from 'node:fs';
import { expect, link, shot, test } from './fixtures';

// S4 under pasid-6.x and its reuse variant: the second mdev's PASID is 2, or the domain's 1.
const S4 = `# S4 under pasid-6.x and pasid-6.x+reuse=domain-pasid
design: pasid-6.x, pasid-6.x+reuse=domain-pasid

pci P1 pasids=1048576 siov
pci P2 pasids=1048576 siov
mdev m1 parent=P1
mdev m2 parent=P2
container C

vfio_attach_group(C, G_m1) => 0
vfio_attach_group(C, G_m2) => 0
driver_get_pasid(m2) => 2 @pasid-6.x | 1 @pasid-6.x+reuse=domain-pasid
`;

test('variants: a link opens a variant; the header field takes one, or says which options exist', async ({ page }) => {
  await page.goto(link('pci P1\n', 'driver-map+present-check=off'));
  const chip = page.locator('.design-badges button[data-design="driver-map+present-check=off"]');
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  const field = page.getByLabel('Design variant');
  await field.fill('driver-map+presence=off');
  await field.press('Enter');
  await expect(page.getByRole('alert')).toContainText("design 'driver-map' has no option 'presence' (options: present-check=on|off");
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await shot(page, 'variant-error');
  await field.fill('pasid-6.x+reuse=domain-pasid');
  await field.press('Enter');
  await expect(page.locator('.design-badges button[data-design="pasid-6.x+reuse=domain-pasid"]')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('&design=pasid-6.x+reuse=domain-pasid');
});

test('variants: compare a design with its variant in lock-step, and as a matrix column', async ({ page }) => {
  await page.goto(link(S4));
  await page.getByRole('tab', { name: 'Compare' }).click();
  const picker = page.getByRole('group', { name: 'Designs to compare' });
  const add = page.getByLabel('Add a design variant');
  await add.fill('pasid-6.x+reuse=domain-pasid');
  await add.press('Enter');
  await picker.getByLabel('pasid-6.x', { exact: true }).check();
  await picker.getByLabel('upstream-5.8').uncheck();
  await picker.getByLabel('v3-group-flag').uncheck();
  await expect(page.locator('.cmp-pane')).toHaveCount(2);
  await page.getByRole('button', { name: 'Jump to end' }).click();
  await expect(page.locator('.cmp-pane[data-design="pasid-6.x"] [data-testid="pane-got"]')).toHaveText('2');
  await expect(page.locator('.cmp-pane[data-design="pasid-6.x+reuse=domain-pasid"] [data-testid="pane-got"]')).toHaveText('1');
  mkdirSync('docs/img', { recursive: true });
  await page.screenshot({ path: 'docs/img/variant-compare.png' });
  await page.getByRole('tab', { name: 'Matrix' }).click();
  const cell = page.locator('.matrix-table button[data-scenario="(your scenario)"][data-design="pasid-6.x+reuse=domain-pasid"]');
  await expect(cell).toHaveAttribute('data-status', 'diverges'); // from the baseline, upstream-5.8
  await expect(page.locator('.matrix-table button[data-scenario="s04-two-parents-domain-reuse"][data-design="pasid-6.x+reuse=domain-pasid"]')).toHaveAttribute('data-status', 'fail');
  await shot(page, 'variant-matrix');
});
