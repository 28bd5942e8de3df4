/**
 * Every step explains itself (issue 20): walking every library scenario step by step at
 * 1440×900, under the first design its header names,
 *   - every edge present before a step and absent after it leaves a ghost (data-ghost-of);
 *   - every object the step created is named in the "What changed" region;
 *   - a `show` (or `check`) step keeps every invariant badge of the step before it.
 * One test per scenario; the state is read from the DOM in one evaluate per step.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

const DIR = 'src/scenarios';
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.scn')).sort();

/** Walks the loaded scenario to its end in the page (one round trip: the machine is shared and loaded). */
const walk = (page: Page) =>
  page.evaluate(async () => {
    const read = () => {
      const svg = document.querySelector('.graph-panel > svg')!;
      const all = (sel: string, attr: string) => [...svg.querySelectorAll(sel)].map((e) => e.getAttribute(attr)!);
      return {
        status: document.querySelector('.timeline .status')?.textContent ?? '',
        nodes: all('g.g-node[data-node-id], g.g-group[data-node-id]', 'data-node-id'),
        edges: all('g.g-edge[data-edge-id]', 'data-edge-id'),
        ghosts: all('[data-ghost-of]', 'data-ghost-of'),
        violations: [...svg.querySelectorAll('g.g-mark[data-mark="violation"]')].map((m) => `${m.getAttribute('data-node-id')} ${m.textContent}`),
        changes: document.querySelector('[aria-label="What changed"]')?.textContent ?? '',
      };
    };
    const n = window.__bench!.steps();
    let before = read();
    const problems: string[] = [];
    let ghosts = 0, created = 0, shows = 0;
    for (let k = 1; k <= n; k++) {
      await window.__bench!.stepDrawn(1);
      const now = read();
      if (!now.status.startsWith(`Step ${k}/`)) problems.push(`step ${k}: the timeline says "${now.status}"`);
      const edges = new Set(now.edges);
      const ghostOf = new Set(now.ghosts);
      for (const e of before.edges) {
        if (edges.has(e)) continue;
        ghosts++;
        if (!ghostOf.has(e)) problems.push(`step ${k}: removed edge ${e} left no ghost`);
      }
      const had = new Set(before.nodes);
      for (const id of now.nodes) {
        if (had.has(id)) continue;
        created++;
        if (!now.changes.includes(id)) problems.push(`step ${k}: created ${id} is not named in What changed`);
      }
      if (/ · line \d+: (show|check) /.test(now.status)) {
        shows++;
        const kept = new Set(now.violations);
        for (const v of before.violations) if (!kept.has(v)) problems.push(`step ${k} (${now.status}): lost the badge ${v}`);
      }
      before = now;
    }
    return { n, problems, ghosts, created, shows };
  });

for (const file of FILES) {
  const text = readFileSync(`${DIR}/${file}`, 'utf8');
  test(`${file}: removed edges leave ghosts, created objects are named, show keeps the badges`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/?bench');
    await page.waitForFunction(() => !!window.__bench);
    await page.evaluate((t) => window.__bench!.load(t), text);
    const { n, problems, ghosts, created, shows } = await walk(page);
    expect(problems).toEqual([]);
    // Say what was checked (a scenario with no steps checks nothing, e.g. the comment-only S18).
    test.info().annotations.push({ type: 'checked', description: `${n} steps, ${ghosts} removed edges, ${created} created objects, ${shows} show/check steps` });
  });
}
