import { readdirSync, readFileSync } from 'node:fs';
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

/**
 * The presenter at 1280×720, measured from the DOM at every step of every demo under every design
 * it names: the graph's pane ≥ 65 % of the screen, its text ≥ 16 px, no object under the
 * narration (card, statement, step bar), no notice over the narration.
 */

const DEMOS = readdirSync('src/scenarios')
  .filter((f) => f.startsWith('demo-') && f.endsWith('.scn'))
  .map((f) => ({ id: f.replace(/\.scn$/, ''), text: readFileSync(`src/scenarios/${f}`, 'utf8') }));
const designsOf = (text: string) => (/^design:\s*(.+)$/m.exec(text)?.[1] ?? 'upstream-5.8').split(',').map((s) => s.trim());

interface Measure {
  paneShare: number;
  minFont: number;
  covered: string[];
  /** Objects the step created or changed that are not wholly inside the graph's pane. */
  clipped: string[];
}
function measurePresenter(): Measure {
  type R = { x0: number; y0: number; x1: number; y1: number };
  const rect = (el: Element): R => {
    const r = el.getBoundingClientRect();
    return { x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
  };
  const inter = (a: R, b: R) => a.x0 + 0.5 < b.x1 && b.x0 + 0.5 < a.x1 && a.y0 + 0.5 < b.y1 && b.y0 + 0.5 < a.y1;
  const svg = document.querySelector('.graph-panel > svg')!;
  const pane = rect(svg);
  const paneShare = ((pane.x1 - pane.x0) * (pane.y1 - pane.y0)) / (innerWidth * innerHeight);
  let minFont = Infinity;
  for (const t of svg.querySelectorAll<SVGTextElement>('g.viewport text')) {
    if (!t.textContent || t.closest('.ghost') || getComputedStyle(t).display === 'none' || !t.getBBox().width) continue;
    minFont = Math.min(minFont, parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM()!.a);
  }
  const narration = [...document.querySelectorAll('.presenter-side, .presenter-card, .presenter-title-card, .presenter-stmt, .presenter-top')];
  const covered: string[] = [];
  // What of an object is on screen: the graph pane (an outer <svg>) clips what lies beyond it. A
  // picture too large for the pane at 16 px text (demo-variant-pasid-reuse: two parents side by
  // side) pans instead of shrinking; its clipped part is off screen, not under the narration.
  const clip = (r: R): R => ({ x0: Math.max(r.x0, pane.x0), y0: Math.max(r.y0, pane.y0), x1: Math.min(r.x1, pane.x1), y1: Math.min(r.y1, pane.y1) });
  for (const o of svg.querySelectorAll('.g-node, .g-group, .g-mark, .g-tile')) {
    const r = clip(rect(o));
    if (r.x1 - r.x0 <= 0.5 || r.y1 - r.y0 <= 0.5) continue;
    for (const n of narration) if (inter(r, rect(n))) covered.push(`${o.getAttribute('data-node-id')} under ${n.className}`);
  }
  const cards = [...document.querySelectorAll('.presenter-card, .presenter-title-card, .presenter-stmt')];
  for (const n of document.querySelectorAll('.notice')) for (const c of cards) if (inter(rect(n), rect(c))) covered.push(`notice over ${c.className}`);
  // What the step is about (created or changed: the `changed` class; and the objects its call
  // names, as a query changes nothing) is wholly on screen.
  const clipped: string[] = [];
  const call = /\(([^)]*)\)/.exec(document.querySelector('.presenter-stmt code')?.textContent ?? '')?.[1] ?? '';
  const named = call.split(',').map((a) => a.trim()).filter((a) => /^[\w.:-]+$/.test(a));
  const objects = [...svg.querySelectorAll('.g-node.changed:not(.ghost), .g-group.changed:not(.ghost)')];
  for (const id of named) objects.push(...svg.querySelectorAll(`.g-node[data-node-id="${id}"]:not(.ghost), .g-group[data-node-id="${id}"]:not(.ghost)`));
  for (const o of objects) {
    const r = rect(o);
    if (r.x0 < pane.x0 - 0.5 || r.y0 < pane.y0 - 0.5 || r.x1 > pane.x1 + 0.5 || r.y1 > pane.y1 + 0.5)
      clipped.push(`${o.getAttribute('data-node-id')} [${[r.x0, r.y0, r.x1, r.y1].map(Math.round).join(',')}] outside the pane [${[pane.x0, pane.y0, pane.x1, pane.y1].map(Math.round).join(',')}]`);
  }
  return { paneShare, minFont, covered, clipped };
}

test('presenter at 1280×720: pane ≥ 65 %, text ≥ 16 px, nothing under the narration, what the step touched wholly in view, at every step of every demo', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const bad: string[] = [];
  let views = 0;
  for (const demo of DEMOS) {
    for (const design of designsOf(demo.text)) {
      await page.goto(link(demo.text, design));
      await page.locator('header h1').click();
      await page.keyboard.press('p');
      const count = page.getByRole('status', { name: 'Presenter step' });
      await expect(page.locator('[data-title-card]')).toBeVisible();
      const total = Number((await count.textContent())!.split('/')[1]);
      await page.keyboard.press('Home');
      for (let i = 0; i <= total; i++) {
        if (i > 0) await page.keyboard.press('ArrowRight');
        await expect(count).toHaveText(`${i === 0 ? 'Start' : `Step ${i}`} / ${total}`);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const m = await page.evaluate(measurePresenter);
        views++;
        const at = `${demo.id} ${design} step ${i}`;
        if (m.paneShare < 0.65) bad.push(`${at}: pane ${(m.paneShare * 100).toFixed(1)} %`);
        if (m.minFont < 16) bad.push(`${at}: text ${m.minFont.toFixed(1)} px`);
        for (const c of m.covered) bad.push(`${at}: ${c}`);
        for (const c of m.clipped) bad.push(`${at}: clipped ${c}`);
        if (process.env.PRESENTER_SHOTS && demo.id === 'demo-variant-pasid-reuse') await shot(page, `presenter-pasid-reuse-${design}-${i}`);
      }
      // A notice (Ctrl+S copies a link) goes under the narration, not over it.
      await page.keyboard.press('Control+s');
      await expect(page.locator('.presenter-side .notice').first()).toBeVisible();
      for (const c of (await page.evaluate(measurePresenter)).covered) bad.push(`${demo.id} ${design} with a notice: ${c}`);
      await page.keyboard.press('Escape');
    }
  }
  expect(views).toBeGreaterThan(100);
  expect(bad).toEqual([]);
});

test('presenter: a title card comes first; the first → puts it away without stepping, ← at the start brings it back', async ({ page }) => {
  await page.goto(link(TALK, 'v3-group-flag'));
  await page.locator('header h1').click();
  await page.keyboard.press('Home');
  await page.keyboard.press('p');
  const pres = page.getByRole('region', { name: 'Presenter' });
  const title = pres.locator('[data-title-card]');
  await expect(title).toBeVisible();
  await expect(title.locator('h2')).toHaveText('Intro: one PCI function with an mdev, and a vfio container.');
  await expect(title).toContainText('Design: v3-group-flag');
  await expect(pres.locator('.presenter-card')).toHaveCount(0);
  const count = pres.getByRole('status', { name: 'Presenter step' });
  await expect(count).toHaveText('Start / 3');
  await page.keyboard.press('ArrowRight');
  await expect(title).toBeHidden();
  await expect(count).toHaveText('Start / 3');
  await expect(pres.locator('.presenter-card')).toHaveText('Intro: one PCI function with an mdev, and a vfio container.');
  await page.keyboard.press('ArrowLeft');
  await expect(title).toBeVisible();
  await expect(count).toHaveText('Start / 3');
});

test('presenter: an expected OOPS is shown as an OOPS (a red badge), not as a green tick', async ({ page }) => {
  const gpf = DEMOS.find((d) => d.id === 'demo-shared-domain-gpf')!;
  await page.goto(link(gpf.text, 'upstream-5.8'));
  await page.locator('header h1').click();
  await page.keyboard.press('p');
  await page.keyboard.press('End');
  const stmt = page.locator('.presenter-stmt');
  await expect(stmt).toHaveAttribute('data-outcome', 'oops');
  await expect(stmt).toHaveAttribute('data-ok', 'true');
  const badge = stmt.locator('.presenter-got');
  await expect(badge).toHaveText('☠ OOPS');
  await expect(stmt).not.toContainText('✓');
  const bg = await badge.evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g)!.map(Number);
  expect(r).toBeGreaterThan(g + 60);
  expect(r).toBeGreaterThan(b + 60);
  await shot(page, 'presenter-oops');
  // A success keeps its tick, in the pass colour: the two look different.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(stmt).toHaveAttribute('data-outcome', 'pass');
  await expect(stmt.locator('.presenter-verdict')).toContainText('✓');
  expect(await stmt.locator('.presenter-got').evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(bg);
});
