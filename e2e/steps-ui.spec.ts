/**
 * Issue 20, the parts a user does by hand: What changed selects, linking (editor line, trace
 * frame, timeline cell ↔ graph), the trace that breaks between arguments, resizable panels,
 * stale views dimmed and labelled, and a link with a broken %-escape refused.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, link, node, shot } from './fixtures';
import { longScenario } from '../bench/long-scenario';

const DEMO = readFileSync('src/scenarios/demo-v3-usage.scn', 'utf8');
const GPF = readFileSync('src/scenarios/demo-shared-domain-gpf.scn', 'utf8');

async function boot(page: Page, text: string, design = 'upstream-5.8') {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/?bench');
  await page.waitForFunction(() => !!window.__bench);
  await page.evaluate(([t, d]) => window.__bench!.load(t, d), [text, design] as const);
}
const linkedIds = (page: Page) => page.evaluate(() => [...document.querySelectorAll('.graph-panel svg [data-linked="true"]')].map((e) => e.getAttribute('data-node-id')).sort());
const changes = (page: Page) => page.getByRole('region', { name: 'What changed' });

test('What changed lists what the step did; an entry selects its object', async ({ page }) => {
  await boot(page, DEMO, 'v3-group-flag');
  await expect(changes(page)).toContainText('The declared machine');
  await page.evaluate(() => window.__bench!.seek(2)); // vfio_attach_group(C, G_m1)
  const region = changes(page);
  await expect(region).toContainText('Created');
  await expect(region.locator('[data-select-id="C.d0"]')).toBeVisible();
  await expect(region).toContainText('Edges added');
  await expect(region.locator('[data-field]').first()).toBeVisible();
  await region.locator('[data-select-id="C.d0"]').click();
  await expect(page.getByRole('region', { name: 'Inspector' }).locator('.title')).toContainText('C.d0');
  await expect(page.locator('.graph-panel svg g.g-node[data-node-id="C.d0"]')).toHaveClass(/selected/);
  // A step that changes nothing says what its call returned, without the line's expectation
  // (`=> -ENODEV @upstream-5.8 | 1`), which read as if -ENODEV was returned.
  await page.evaluate(() => window.__bench!.seek(4)); // driver_get_pasid(m1) => -ENODEV @upstream-5.8 | 1
  await expect(region).toContainText('Nothing changed: driver_get_pasid(m1) returned 1 and left the machine as it was.');
});

test('linking follows the cursor after the key is on screen, not in the key\'s own frame', async ({ page }) => {
  await boot(page, DEMO, 'v3-group-flag');
  await page.evaluate(() => window.__bench!.seek(2));
  // The cursor on line 9, vfio_attach_group(C, G_m1); the mouse off the editor.
  await page.locator('.cm-line').nth(8).click();
  await page.mouse.move(1400, 880);
  await expect.poll(() => linkedIds(page)).toEqual(expect.arrayContaining(['C', 'G_m1']));
  await page.evaluate(() => {
    const w = window as unknown as { __seen: string[][] };
    w.__seen = [];
    const ids = () => [...document.querySelectorAll('.graph-panel svg [data-linked="true"]')].map((e) => e.getAttribute('data-node-id')!).sort();
    addEventListener('keydown', () => requestAnimationFrame(() => w.__seen.push(ids())), { once: true, capture: true });
  });
  // Up to line 8, iommu_dev_enable_feature(P1, …).
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => page.evaluate(() => (window as unknown as { __seen: string[][] }).__seen.length)).toBe(1);
  const [atKey] = await page.evaluate(() => (window as unknown as { __seen: string[][] }).__seen);
  expect(atKey, 'the key frame still shows the line before').toEqual(expect.arrayContaining(['C', 'G_m1']));
  await expect.poll(() => linkedIds(page)).toEqual(['P1']);
});

test('linking: an editor line, a trace frame and a timeline cell light the objects they touched; an object lights its lines', async ({ page }) => {
  await boot(page, DEMO, 'v3-group-flag');
  await page.evaluate(() => window.__bench!.seek(2));
  // Editor line 9: vfio_attach_group(C, G_m1).
  await page.locator('.cm-line').nth(8).hover();
  await expect.poll(() => linkedIds(page)).toEqual(expect.arrayContaining(['C', 'C.d0', 'G_m1']));
  // A trace frame: the frames of the step, each naming its objects.
  const frame = page.locator('.trace .frame').first();
  await frame.hover();
  await expect.poll(() => linkedIds(page)).toEqual(['C', 'G_m1']);
  // A timeline cell: step 1 is iommu_dev_enable_feature(P1, …).
  await page.locator('.timeline .cell').first().hover();
  await expect.poll(() => linkedIds(page)).toEqual(['P1']);
  await expect(page.locator('.cm-linked-line')).toHaveCount(1);
  // An object: the lines that touched it.
  await node(page, 'm1').hover();
  await expect.poll(() => page.locator('.cm-linked-line').count()).toBeGreaterThanOrEqual(2);
  const lines = await page.locator('.cm-linked-line').allTextContents();
  expect(lines.some((l) => l.startsWith('mdev m1'))).toBe(true);
  expect(lines.some((l) => l.startsWith('driver_get_domain(m1)'))).toBe(true);
  await shot(page, 'linking');
});

test('the trace breaks between arguments only; show output wraps; the side panels resize', async ({ page }) => {
  await boot(page, GPF);
  await page.getByRole('separator', { name: 'Resize the side panel' }).focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight'); // a narrow trace: 220 px
  const steps = await page.evaluate(() => window.__bench!.steps());
  for (let k = 1; k <= steps; k++) {
    await page.evaluate((c) => window.__bench!.seek(c), k);
    const split = await page.evaluate(() => [...document.querySelectorAll('.trace .arg, .trace .src-link')].filter((a) => a.getClientRects().length > 1).map((a) => a.textContent));
    expect(split, `step ${k}`).toEqual([]);
  }
  const show = GPF.split('\n').findIndex((l) => l.startsWith('show D')) + 1;
  const at = await page.evaluate((line) => [...document.querySelectorAll('.timeline .cell')].findIndex((c) => c.getAttribute('aria-label')!.includes(`line ${line}:`)) + 1, show);
  await page.evaluate((c) => window.__bench!.seek(c), at);
  const pre = page.locator('.trace pre.shown');
  await expect(pre).toBeVisible();
  const fits = await pre.evaluate((p) => ({ ws: getComputedStyle(p).whiteSpace, over: p.scrollWidth - p.clientWidth }));
  expect(fits.ws).toBe('pre-wrap');
  expect(fits.over).toBeLessThanOrEqual(1);
  const trace = page.getByRole('region', { name: 'Kernel trace' });
  const h0 = (await trace.boundingBox())!.height;
  await page.getByRole('separator', { name: 'Resize the kernel trace' }).focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(async () => (await trace.boundingBox())!.height).toBeGreaterThan(h0 + 30);
});

test('a half-typed line\'s error waits for a pause in typing; the views say at once that they are stale', async ({ page }) => {
  await boot(page, DEMO);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  // Record whether the error's marks ever appear while keys keep coming, 200 ms apart.
  await page.evaluate(() => {
    const w = window as unknown as { __errSeen: boolean };
    w.__errSeen = false;
    const seen = () => (w.__errSeen ||= !!document.querySelector('.errors, .cm-syntax-error, .cm-result.r-error'));
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.keyboard.type('vfio_attach_group(C, G_m', { delay: 200 });
  await expect(page.locator('.app')).toHaveAttribute('data-stale', 'true');
  await expect(page.getByRole('region', { name: 'Scenario' }).getByRole('status').filter({ hasText: 'Syntax errors' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __errSeen: boolean }).__errSeen)).toBe(false);
  // Once the typist stops: the list and the message at the line's end (at the end of the line,
  // there is no word to underline).
  await expect(page.getByLabel('Syntax errors').locator('li')).toContainText("expected ')'");
  await expect(page.locator('.cm-result.r-error')).toContainText("expected ')'");
});

test('an error already shown stays while typing goes on: nothing under the cursor moves', async ({ page }) => {
  await boot(page, DEMO);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('vfio_attach_group(C, G_m');
  // The pause brings the list under the editor and the message under the line.
  await expect(page.getByLabel('Syntax errors').locator('li')).toContainText("expected ')'");
  await expect(page.locator('.cm-result.r-error')).toBeVisible();
  const where = () =>
    page.evaluate(() => ({ height: document.querySelector('.cm-scroller')!.clientHeight, caret: Math.round(document.querySelector('.cm-cursor')!.getBoundingClientRect().top) }));
  const before = await where();
  // Typing goes on, keys 150 ms apart (new errors are held): were the list or the message ever gone?
  await page.evaluate(() => {
    const w = window as unknown as { __errGone: boolean };
    w.__errGone = false;
    const gone = () => (w.__errGone ||= !document.querySelector('.errors') || !document.querySelector('.cm-result.r-error'));
    new MutationObserver(gone).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  await page.keyboard.type('1 ', { delay: 150 });
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __errGone: boolean }).__errGone)).toBe(false);
  const after = await where();
  expect(after.height).toBe(before.height);
  // On the same row: the message stayed under the line, so the text did not scroll.
  expect(after.caret).toBe(before.caret);
  // The line parses: both go.
  await page.keyboard.type(')');
  await expect(page.locator('.errors')).toHaveCount(0);
  await expect(page.locator('.cm-result.r-error')).toHaveCount(0);
});

test('while the text does not parse, the views keep the last run dimmed and say so', async ({ page }) => {
  await boot(page, DEMO);
  await expect(node(page, 'm1')).toBeVisible();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  const editorTop = async () => (await page.locator('.cm-editor').boundingBox())!.y;
  const y0 = await editorTop();
  await page.keyboard.type('vfio_attach_group(C, G_m1');
  await expect(page.locator('.app')).toHaveAttribute('data-stale', 'true');
  // Said in the editor's header, in its hint's place: the text does not move (a note above it
  // pushed every line down and back with each line typed).
  await expect(page.getByRole('region', { name: 'Scenario' }).getByRole('status').filter({ hasText: 'Syntax errors' })).toBeVisible();
  expect(await editorTop()).toBe(y0);
  const label = page.locator('.stale-label');
  await expect(label).toContainText(/Showing the last run that parsed \(line \d+: /);
  const opacity = await page.locator('.graph-panel > svg').evaluate((e) => Number(getComputedStyle(e).opacity));
  expect(opacity).toBeLessThan(0.6);
  // The panels' text is not faded (it must stay readable: axe's contrast check) but greyed.
  for (const pane of ['.side .scroll', '.timeline .track']) {
    const style = await page.locator(pane).first().evaluate((e) => ({ filter: getComputedStyle(e).filter, opacity: getComputedStyle(e).opacity }));
    expect(style, pane).toEqual({ filter: 'grayscale(1)', opacity: '1' });
  }
  await shot(page, 'stale');
  await page.keyboard.type(')');
  await expect(page.locator('.app')).not.toHaveAttribute('data-stale', 'true');
  await expect(label).toHaveCount(0);
});

test('typing a line at a typist\'s pace changes nothing outside the editor until a pause', async ({ page }) => {
  // Each key is its own short run. What a run's landing rewrote outside the editor is a frame
  // after every key: a "running…" sign that came and went, React 19 writing the type and name of
  // the header's and the graph's inputs, the graph's label following each half-typed error
  // (docs/performance.md, typing round nine).
  await boot(page, DEMO);
  await expect(node(page, 'm1')).toBeVisible();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('vfio_attach_gr', { delay: 100 }); // stale from its first key on
  await expect(page.locator('.app')).toHaveAttribute('data-stale', 'true');
  await page.evaluate(() => {
    const w = window as unknown as { __outside: string[] };
    w.__outside = [];
    new MutationObserver((ms) => {
      for (const m of ms) {
        const el = m.target instanceof Element ? m.target : m.target.parentElement;
        if (el?.closest('.cm-editor')) continue;
        w.__outside.push(`${m.type}${m.attributeName ? `:${m.attributeName}` : ''} ${el?.tagName.toLowerCase()}.${el?.className}`);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await page.keyboard.type('oup(C, G_m', { delay: 100 });
  // Ran: the last key's text handed over (35 ms) and its run landed, still inside the 700 ms pause.
  await page.waitForTimeout(250);
  await expect.poll(() => page.evaluate(() => window.__bench!.idle())).toBe(true);
  const outside = await page.evaluate(() => (window as unknown as { __outside: string[] }).__outside);
  expect(outside).toEqual([]);
  // After the pause the label gives the error, as the editor does.
  await expect(page.locator('.stale-label')).toContainText(/\(line \d+: /);
});

test('a run that lasts shows the running sign, which goes when it lands (a short one shows none: the test above)', async ({ page }) => {
  await boot(page, longScenario());
  await expect.poll(() => page.evaluate(() => window.__bench!.idle()), { timeout: 30_000 }).toBe(true);
  const sign = page.getByRole('region', { name: 'Scenario' }).getByRole('status', { name: 'Running' });
  await expect(sign).toHaveCount(0);
  // A comment at the top moves every statement: all five designs re-run 3,000 lines (≈ 0.7 s here).
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('# a new first line');
  await page.keyboard.press('Enter');
  await expect(sign).toBeVisible();
  await expect(sign).toHaveCount(0, { timeout: 30_000 });
});

test('a #text= link with a broken %-escape gets the broken-link message and keeps the work', async ({ page }) => {
  await page.goto(link('pci P1 siov\nmdev m1 parent=P1\n', 'driver-map'));
  await expect(node(page, 'm1')).toBeVisible();
  await page.evaluate(() => (location.hash = '#text=%E0%A4%A'));
  await expect(page.getByRole('alert').filter({ hasText: 'broken %-escape' })).toBeVisible();
  await expect(node(page, 'm1')).toBeVisible();
  await expect(page.locator('.cm-content')).toContainText('mdev m1 parent=P1');
  const fresh = await page.context().newPage();
  await fresh.goto('/#text=pci%20P9%0A%E0%A4%A');
  await expect(fresh.getByRole('alert').filter({ hasText: 'could not be opened' })).toBeVisible();
  await expect(fresh.locator('.cm-content')).not.toContainText('%E0');
  await fresh.close();
});

test('screenshot: a demo stepped, with What changed, edge ghosts and linking in view', async ({ page }) => {
  await boot(page, GPF);
  // iommu_aux_detach_device(D2, P2): PASID 2 and D2's aux edge go (ghosts); What changed says so.
  const line = GPF.split('\n').findIndex((l) => l.startsWith('iommu_aux_detach_device(D2, P2)')) + 1;
  const at = await page.evaluate((n) => [...document.querySelectorAll('.timeline .cell')].findIndex((c) => c.getAttribute('aria-label')!.includes(`line ${n}:`)) + 1, line);
  await page.evaluate((c) => window.__bench!.seek(c - 1), at);
  await page.evaluate(() => window.__bench!.step(1));
  await expect(page.locator('.graph-panel svg g.g-edge.ghost').first()).toBeAttached();
  await expect(changes(page)).toContainText('Edges removed');
  await page.locator('.cm-line').nth(line - 1).hover();
  await expect.poll(() => linkedIds(page)).toEqual(expect.arrayContaining(['D2', 'P2']));
  await page.waitForTimeout(300);
  await shot(page, 'what-changed');
});
