/** A `page` that fails the test on any console error or uncaught page error. */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';

export const ARTIFACTS = 'e2e/artifacts';
mkdirSync(ARTIFACTS, { recursive: true });

export const test = base.extend<{ errors: string[]; firstVisit: boolean }>({
  /**
   * A plain `/` in a fresh browser is a first visit, which opens the guided tour (src/ui/tour).
   * Specs about something else start as a returning visitor; the tour's own spec sets
   * `test.use({ firstVisit: true })`.
   */
  firstVisit: [false, { option: true }],
  context: async ({ context, firstVisit }, use) => {
    if (!firstVisit)
      await context.addInitScript(() => {
        try {
          localStorage.setItem('iommu-playground.tour', 'done');
        } catch {
          // about:blank and storage-less pages: nothing to mark.
        }
      });
    await use(context);
  },
  errors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      await use(errors);
      expect(errors, 'no console errors').toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const link = (text: string, design?: string) => `/#text=${encodeURIComponent(text)}${design ? `&design=${design}` : ''}`;

/**
 * An object the graph shows. Not a tag (`data-mark`), and not a ghost: since the graph rework an
 * object that left at the last step stays one step as a faded, aria-hidden ghost (draw-svg.ts),
 * which answers to data-ghost-of instead of data-node-id; `.ghost` is excluded as well, in case.
 */
export const node = (page: Page, id: string) => page.locator(`svg [data-node-id="${id}"]:not([data-mark]):not(.ghost)`).first();

/** Clicks a group on its title bar (its middle is covered by its devices). */
export const clickGroup = (page: Page, id: string, shift = false) =>
  node(page, id).click({ position: { x: 16, y: 7 }, modifiers: shift ? ['Shift'] : [] });

export const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png` });
