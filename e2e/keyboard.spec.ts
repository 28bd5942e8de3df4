/**
 * The keyboard: Tab goes through the editor without changing the scenario, graph objects take
 * focus and the arrows move between neighbours, Enter opens an object's calls, Escape comes back.
 */
import { expect, link, node, test } from './fixtures';

const TEXT = `# keyboard
pci P1 pasids=1048576 siov
pci P2 pasids=1048576 siov
mdev m1 parent=P1
mdev m2 parent=P2
container C
iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0
  vfio_attach_group(C, G_m1) => 0
`;

const editorText = (page: import('@playwright/test').Page) => page.evaluate(() => {
  const v = (document.querySelector('.cm-content') as HTMLElement & { cmView?: { view: { state: { doc: { toString(): string } } } } }).cmView;
  return v ? v.view.state.doc.toString() : [...document.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n');
});

test('30 Tabs from the header go through the editor and leave the scenario unchanged', async ({ page }) => {
  await page.goto(link(TEXT));
  await expect(node(page, 'G_m2')).toBeVisible();
  const before = await editorText(page);
  expect(before).toContain('  vfio_attach_group');
  await page.locator('header h1').click();
  let inEditor = 0, leftEditor = false;
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const where = await page.evaluate(() => !!document.activeElement?.closest('.cm-editor'));
    if (where) inEditor++;
    else if (inEditor) leftEditor = true;
  }
  // The editor is on the way and Tab goes on past it (its first press leaves it: no indentation).
  expect(inEditor).toBe(1);
  expect(leftEditor).toBe(true);
  expect(await editorText(page)).toBe(before);
  await expect(page.locator('.editor-keys')).toHaveText(/Tab leaves the editor · Ctrl\+\]/);
  await expect(page.locator('.editor-keys')).toBeInViewport({ ratio: 1 });
});

test('Ctrl+] indents in the editor (indentation moved off Tab)', async ({ page }) => {
  await page.goto(link(TEXT));
  await page.locator('.cm-line', { hasText: 'container C' }).click();
  await page.keyboard.press('Control+]');
  await expect.poll(() => editorText(page)).toContain('  container C');
});

test('graph objects take focus; arrows move to the neighbour, not the timeline; Enter opens the calls; Escape comes back', async ({ page }) => {
  await page.goto(link(TEXT));
  const status = page.locator('.timeline [role=status]').first();
  await expect(node(page, 'G_m2')).toBeVisible();
  const stepBefore = await status.textContent();
  // Tab reaches an object from the graph's tools... (a group or a device is a focusable button).
  await node(page, 'C').focus();
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-node-id') ?? document.activeElement?.tagName);
  expect(await focused()).toBe('C');
  await expect(node(page, 'C')).toHaveAttribute('role', 'button');
  await expect(node(page, 'C')).toHaveAttribute('aria-label', /container C/);
  // C sits above the groups: down goes to a group (or a device in it) below.
  await page.keyboard.press('ArrowDown');
  const down = await focused();
  expect(down).toMatch(/^(G_|P|m)/);
  const box = async (id: string) => (await node(page, id).locator(':scope > rect').boundingBox())!;
  expect((await box(down!)).y).toBeGreaterThan((await box('C')).y);
  await page.keyboard.press('ArrowUp');
  expect(await focused()).toBe('C');
  await expect(status).toHaveText(stepBefore!);
  // Left/right move among the objects of a row, without stepping.
  await node(page, 'G_P1').focus();
  await page.keyboard.press('ArrowRight');
  const right = await focused();
  expect(right).not.toBe('G_P1');
  expect((await box(right!)).x).toBeGreaterThan((await box('G_P1')).x);
  await expect(status).toHaveText(stepBefore!);

  // Enter: the object's calls appear, the first has the focus; Escape goes back to the object.
  await node(page, 'P1').focus();
  await page.keyboard.press('Enter');
  const offers = page.getByRole('region', { name: 'Calls for the selection' });
  await expect(offers).toBeVisible();
  await expect(offers).toContainText('P1');
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.offers') && document.activeElement?.hasAttribute('data-offer'))).toBe(true);
  await page.keyboard.press('Escape');
  await expect.poll(focused).toBe('P1');
  await expect(offers).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(offers).toBeHidden();
});

test('the File menu opens over the panes and closes on Escape or a press elsewhere', async ({ page }) => {
  await page.goto(link(TEXT));
  await expect(node(page, 'G_m2')).toBeVisible();
  const menu = page.locator('details.file-menu');
  await page.getByLabel('File menu').click();
  await expect(menu).toHaveAttribute('open', '');
  // Over the graph and the side panel, which are layers of their own (styles.css): each item is
  // the topmost element at its centre, so a click lands on it.
  for (const item of await menu.locator('li button').all()) {
    const box = (await item.boundingBox())!;
    const top = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('li button')?.textContent ?? null, [box.x + box.width / 2, box.y + box.height / 2]);
    expect(top).toBe(await item.textContent());
  }
  await page.keyboard.press('Escape');
  await expect(menu).not.toHaveAttribute('open');
  await expect(page.getByLabel('File menu')).toBeFocused();
  await page.getByLabel('File menu').click();
  await expect(menu).toHaveAttribute('open', '');
  await page.locator('.graph-panel').click({ position: { x: 40, y: 300 } });
  await expect(menu).not.toHaveAttribute('open');
});
