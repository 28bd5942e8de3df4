import { expect, link, node, shot, test } from './fixtures';

const TALK = `## Intro: one PCI function with an mdev, and a vfio container.
pci P1 pasids=1048576 siov
mdev m1 parent=P1
container C
## First we turn on AUX.
iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0
## Then vfio attaches the mdev's group:
## a domain appears.
vfio_attach_group(C, G_m1) => 0
driver_get_domain(m1)
## That's all.
`;

test('presenter: full-screen view, narration cards, clicker keys step one at a time', async ({ page }) => {
  await page.goto(link(TALK, 'v3-group-flag'));
  await page.locator('header h1').click();
  await page.keyboard.press('p');
  const pres = page.getByRole('region', { name: 'Presenter' });
  await expect(pres).toBeVisible();
  await expect(page.locator('header.top')).toBeHidden();
  await expect(page.locator('.cm-editor')).toBeHidden();
  const count = pres.getByRole('status', { name: 'Presenter step' });
  const card = pres.locator('.presenter-card');
  await page.keyboard.press('Home');
  await expect(count).toHaveText('Start / 3');
  await expect(card).toHaveText('Intro: one PCI function with an mdev, and a vfio container.');
  const fs = await card.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(fs).toBeGreaterThanOrEqual(24);

  await page.keyboard.press('ArrowRight');
  await expect(count).toHaveText('Step 1 / 3');
  await expect(card).toHaveText('First we turn on AUX.');
  await expect(pres.locator('.presenter-stmt')).toContainText('iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX)');
  await page.keyboard.press('PageDown');
  await expect(count).toHaveText('Step 2 / 3');
  await expect(card).toHaveText("Then vfio attaches the mdev's group: a domain appears.");
  await expect(node(page, 'C.d0')).toBeVisible();
  await shot(page, 'presenter');
  await page.keyboard.press(' ');
  await expect(count).toHaveText('Step 3 / 3');
  await expect(card).toHaveText("That's all.");
  await expect(page.locator('.timeline')).toBeHidden();
  // Space stepped (did not start playback): nothing moves on its own.
  await page.waitForTimeout(800);
  await expect(count).toHaveText('Step 3 / 3');
  await page.keyboard.press('PageUp');
  await expect(count).toHaveText('Step 2 / 3');
  await page.keyboard.press('ArrowLeft');
  await expect(count).toHaveText('Step 1 / 3');
  // A held key (auto-repeat) does not run through the talk.
  await page.keyboard.down('ArrowRight');
  await page.locator('body').dispatchEvent('keydown', { key: 'ArrowRight', repeat: true });
  await page.keyboard.up('ArrowRight');
  await expect(count).toHaveText('Step 2 / 3');

  await page.keyboard.press('Escape');
  await expect(pres).toBeHidden();
  await expect(page.locator('header.top')).toBeVisible();
  await expect(page.locator('.timeline [role=status]').first()).toContainText('Step 2/3');
});

test('presenter: the Present button enters, Exit leaves', async ({ page }) => {
  await page.goto(link(TALK));
  await page.getByRole('button', { name: 'Present' }).click();
  await expect(page.getByRole('region', { name: 'Presenter' })).toBeVisible();
  await page.getByRole('button', { name: 'Exit presenter (Esc)' }).click();
  await expect(page.getByRole('region', { name: 'Presenter' })).toBeHidden();
});
