import { readFileSync } from 'node:fs';
import { libraryText } from '../test/library';
import type { Page } from '@playwright/test';
import { expect, link, node, shot, test } from './fixtures';

const DEMO = libraryText('demo-v3-usage.scn');
const SMALL = 'pci P1 pasids=1048576 siov\nmdev m1 parent=P1\ncontainer C\nvfio_attach_group(C, G_m1) => 0\ndriver_get_domain(m1)\n';

/** The scenario text in the store, as the live hash mirrors it (`#text=`). */
const editorText = (page: Page) =>
  page.waitForFunction(() => /[#&]text=/.test(location.hash)).then(() => page.evaluate(() => decodeURIComponent(/[#&]text=([^&]*)/.exec(location.hash)![1])));
const status = (page: Page) => page.locator('.timeline [role=status]').first();

/** Drops a file on the page the way a browser does (a DataTransfer with a File). */
async function dropFile(page: Page, name: string, bytes: Buffer, type: string) {
  await page.evaluate(
    ({ name, b64, type }) => {
      const bin = atob(b64);
      const arr = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([arr], name, { type }));
      const target = document.querySelector('.graph-panel')!;
      for (const t of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(t, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    { name, b64: bytes.toString('base64'), type },
  );
}

test('share link: the button and Ctrl+S copy a compact v1 link that reopens text, design and step', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(link(DEMO, 'v3-group-flag'));
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: 'Step forward' }).click();
  await page.getByRole('button', { name: /^Link/ }).click();
  const notice = page.locator('[data-notice="link"]');
  await expect(notice).toContainText('Link copied');
  const url = await notice.getByRole('textbox', { name: 'Link' }).inputValue();
  expect(url).toMatch(/#v=1&z=[A-Za-z0-9_-]+&d=v3-group-flag&s=2$/);
  expect(url).not.toMatch(/theme|zoom|panel/);
  expect(url.length).toBeLessThan(link(DEMO).length);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await shot(page, 'share-link');

  // Ctrl+S from inside the editor, at another step.
  await page.getByRole('button', { name: 'Step back' }).click();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+s');
  await expect(notice.getByRole('textbox')).toHaveValue(/&s=1$/);

  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByRole('button', { name: 'v3-group-flag' })).toHaveAttribute('aria-pressed', 'true');
  await expect(status(other)).toContainText('Step 2/');
  expect((await editorText(other)).trim()).toBe(DEMO.trim());
  await other.close();
});

test('an old #text= link still opens; a damaged or newer link says why and keeps the work', async ({ page }) => {
  await page.goto(link(SMALL, 'driver-map'));
  await expect(page.getByRole('button', { name: 'driver-map' })).toHaveAttribute('aria-pressed', 'true');
  await expect(node(page, 'm1')).toBeVisible();
  // Navigating to a damaged link while working: the current scenario stays.
  await page.evaluate(() => (location.hash = '#v=1&z=AAAA_this_is_not_deflate'));
  await expect(page.getByRole('alert').filter({ hasText: 'could not be opened' })).toBeVisible();
  await expect(node(page, 'm1')).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('driver_get_domain(m1)');
  await page.evaluate(() => (location.hash = '#v=9&z=abc'));
  await expect(page.getByRole('alert').filter({ hasText: 'newer version' })).toBeVisible();
  await shot(page, 'share-bad-link');
  // A fresh visit with a damaged link opens something and says why.
  const fresh = await page.context().newPage();
  await fresh.goto('/#v=1&z=!!!');
  await expect(fresh.getByRole('alert').filter({ hasText: 'could not be opened' })).toBeVisible();
  await fresh.close();
});

test('files: save .scn, open it again (picker and drag and drop); a non-scenario file is refused', async ({ page }) => {
  await page.goto(link(SMALL, 'v3-group-flag'));
  await page.getByText('File ▾').click();
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save .scn' }).click();
  const saved = await dl;
  expect(saved.suggestedFilename()).toMatch(/\.scn$/);
  const bytes = readFileSync((await saved.path())!);
  expect(bytes.toString('utf8')).toBe(SMALL);

  await page.getByLabel('Scenario library').selectOption('demo-v3-usage');
  await expect(node(page, 'm1')).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (await chooser).setFiles({ name: 'mine.scn', mimeType: 'text/plain', buffer: Buffer.from(`# mine\n${SMALL}`) });
  await expect(page.locator('[data-notice="file"]')).toContainText('Opened "mine.scn"');
  await expect.poll(() => editorText(page)).toContain('# mine');

  await dropFile(page, 'dropped.scn', Buffer.from(`# dropped\n${SMALL}`), 'text/plain');
  await expect(page.locator('[data-notice="file"]')).toContainText('Opened "dropped.scn"');
  await expect.poll(() => editorText(page)).toContain('# dropped');

  await dropFile(page, 'README.md', Buffer.from('# Readme\nThis is prose.\nNot a scenario at all.\n'), 'text/markdown');
  await expect(page.getByRole('alert').filter({ hasText: 'does not look like a scenario' })).toBeVisible();
  await dropFile(page, 'photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1, 2, 3]), 'image/jpeg');
  await expect(page.getByRole('alert').filter({ hasText: 'without a scenario' })).toBeVisible();
  await expect.poll(() => editorText(page)).toContain('# dropped');
  await shot(page, 'share-refused-file');
});

test('exports: the trace as a kernel log and the scenario as a vitest file', async ({ page }) => {
  await page.goto(link(DEMO, 'upstream-5.8'));
  await page.getByText('File ▾').click();
  let dl = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export trace (kernel log)' }).click();
  const log = readFileSync((await (await dl).path())!, 'utf8');
  expect(log).toMatch(/^\[ {4}0\.000000\] iommu-playground: .* under design upstream-5\.8/);
  expect(log).toContain('driver_get_domain(m1) = NULL (expected NULL: met)');

  await page.getByText('File ▾').click();
  dl = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export vitest test' }).click();
  const d = await dl;
  expect(d.suggestedFilename()).toMatch(/\.test\.ts$/);
  const ts = readFileSync((await d.path())!, 'utf8');
  expect(ts).toContain("from '../../src/scn/index'");
  expect(ts).toContain(JSON.stringify(DEMO));
});

for (const kind of ['svg', 'png'] as const) {
  test(`image round trip: the ${kind.toUpperCase()} export embeds the scenario and dropping it reopens it`, async ({ page }) => {
    await page.goto(link(DEMO, 'pasid-6.x'));
    await expect(node(page, 'm1')).toBeVisible();
    await page.getByText('File ▾').click();
    const dl = page.waitForEvent('download');
    await page.getByRole('button', { name: `Export graph as ${kind.toUpperCase()}` }).click();
    const d = await dl;
    expect(d.suggestedFilename()).toMatch(new RegExp(`\\.${kind}$`));
    const bytes = readFileSync((await d.path())!);
    if (kind === 'svg') {
      expect(bytes.toString('utf8')).toMatch(/^<svg[^>]*viewBox=/);
      expect(bytes.toString('utf8')).toContain('data-node-id="m1"');
    } else {
      expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    }
    // Show the exported image itself (for the screenshot) then drop it on another scenario.
    await page.getByLabel('Scenario library').selectOption('demo-stale-group-flag');
    await dropFile(page, d.suggestedFilename(), bytes, kind === 'svg' ? 'image/svg+xml' : 'image/png');
    await expect(page.locator('[data-notice="file"]')).toContainText('embedded in');
    expect((await editorText(page)).trim()).toBe(DEMO.trim());
    await expect(page.getByRole('button', { name: 'pasid-6.x' })).toHaveAttribute('aria-pressed', 'true');
    const view = await page.context().newPage();
    await view.setContent(`<img src="data:image/${kind === 'svg' ? 'svg+xml' : 'png'};base64,${bytes.toString('base64')}">`);
    await view.screenshot({ path: `e2e/artifacts/export-${kind}.png` });
    await view.close();
  });
}

test('a control character in the scenario: the SVG export is still well-formed XML and reopens the exact text', async ({ page }) => {
  const { SaxesParser } = await import('saxes');
  const text = `# bell \x07 escape \x1b[31m red, bidi \u202e end\n${DEMO}`;
  await page.goto(link(text, 'driver-map'));
  await expect(node(page, 'm1')).toBeVisible();
  await page.getByText('File ▾').click();
  const dl = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export graph as SVG' }).click();
  const d = await dl;
  const bytes = readFileSync((await d.path())!);
  const svg = bytes.toString('utf8');
  // A strict XML parser here, and the browser's own.
  let err: string | null = null;
  const p = new SaxesParser({ xmlns: true });
  p.on('error', (e) => (err ??= e.message));
  p.write(svg).close();
  expect(err).toBeNull();
  expect(await page.evaluate((s) => new DOMParser().parseFromString(s, 'image/svg+xml').getElementsByTagName('parsererror').length, svg)).toBe(0);
  expect(svg).toContain('encoding="percent"');
  await page.getByLabel('Scenario library').selectOption('demo-stale-group-flag');
  await dropFile(page, d.suggestedFilename(), bytes, 'image/svg+xml');
  await expect(page.locator('[data-notice="file"]')).toContainText('embedded in');
  expect(await editorText(page)).toBe(text);
});

test('hardening: CSP forbids inline script and eval, the build runs offline from any sub-path', async ({ page, request }) => {
  const html = await (await request.get('/')).text();
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  expect(csp).not.toMatch(/unsafe-eval|unsafe-inline[^;]*;?\s*$|script-src[^;]*unsafe-inline/);
  expect(csp).toMatch(/object-src 'none'/);
  // No inline scripts in the built page; every asset is relative (./assets/…).
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    expect(m[1]).toMatch(/src="\.\//);
    expect(m[2].trim()).toBe('');
  }
  const assets = [...html.matchAll(/(?:src|href)="(\.\/assets\/[^"]+)"/g)].map((m) => m[1]);
  expect(assets.length).toBeGreaterThan(0);
  for (const a of assets.filter((x) => x.endsWith('.js'))) {
    const js = await (await request.get(a)).text();
    expect(js).not.toMatch(/\beval\(|new Function\(/);
  }

  // Serve the built files under a made-up origin and sub-path with every other request refused:
  // the app must load (relative base), run, and make no request off the page's own files.
  const origin = 'http://offline.invalid';
  const base = `${origin}/some/sub/path/`;
  const offsite: string[] = [];
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (!url.startsWith(base)) {
      if (!url.startsWith('data:') && !url.startsWith('blob:')) offsite.push(url);
      return route.abort();
    }
    const rel = url.slice(base.length).split('#')[0].split('?')[0] || '';
    const r = await request.get(`/${rel}`);
    return route.fulfill({ status: r.status(), headers: r.headers(), body: await r.body() });
  });
  const violations: string[] = [];
  await page.exposeFunction('__cspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __cspViolation: (v: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`)));
  await page.goto(`${base}#text=${encodeURIComponent('pci P1\n## <img src=x onerror=alert(1)>\ncontainer C\nvfio_attach_group(C, G_P1)\n')}`);
  await expect(node(page, 'P1')).toBeVisible();
  // User text is text: the narration with markup shows as characters, no element is made.
  await page.keyboard.press('p');
  // The presenter opens on its title card (issue 20); the first → puts it away, showing the narration.
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('.presenter-card')).toHaveText('<img src=x onerror=alert(1)>');
  await expect(page.locator('.presenter-card img')).toHaveCount(0);
  await page.keyboard.press('Escape');
  expect(offsite).toEqual([]);
  expect(violations).toEqual([]);
});
