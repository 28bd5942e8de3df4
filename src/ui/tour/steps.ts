/**
 * The first visit's stops (at most six): what each says and what it points at. Each stop's
 * `target` is a CSS selector of the element it points at (none: a card in the middle); `enter`
 * runs when the stop opens (the last one opens the Compare view at the demo's first divergence).
 */
import type { AppStore } from '../../store';
import { compareRuns } from '../../compare';

export interface Stop {
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly target?: string;
  readonly enter?: (store: AppStore) => void;
}

/** Opens the Compare view at the first step where the compared designs disagree (if any). */
export function toFirstDivergence(store: AppStore): number | null {
  const s = store.getState();
  if (s.mode !== 'compare') s.setMode('compare');
  const now = store.getState();
  const runs = now.compare.designs.map((d) => now.runs[d]).filter((r) => r !== undefined);
  if (runs.length < 2) return null;
  const first = compareRuns(runs, now.compare.level).first;
  if (first) now.seek(first);
  return first ?? null;
}

export const STOPS: readonly Stop[] = [
  {
    id: 'welcome',
    title: 'Welcome to the IOMMU Playground',
    text: 'Run the Linux IOMMU aux-domain API designs instead of arguing them in prose. This demo is the usage from the v3 series’ commit message. Five stops, about a minute; Skip any time (Help brings the tour back).',
  },
  {
    id: 'editor',
    title: 'The scenario',
    text: 'A .scn script: the devices, then kernel calls with the result each design should give (=> 0, => -ENODEV). Enter at the end of a line runs it; Ctrl+Space completes; Tab leaves the editor.',
    target: '.main > section.panel[aria-label="Scenario"]',
  },
  {
    id: 'graph',
    title: 'The machine, drawn',
    text: 'Groups, devices, domains and PASIDs, with each attach as an edge. Click an object (or focus it and press Enter) for the calls that apply; the arrows move between objects.',
    target: '.graph-panel',
  },
  {
    id: 'timeline',
    title: 'Step through the run',
    text: 'Each call is one step: ← and → step, the cells show each result (✓ as expected, ✗ not). The trace on the right shows the kernel functions the step went through.',
    target: '.timeline',
  },
  {
    id: 'designs',
    title: 'Five designs',
    text: 'The same scenario runs under every design of its design: line. Pick one here; the badges count what each passed and failed.',
    target: '.design-badges',
  },
  {
    id: 'compare',
    title: 'Where the designs part',
    text: 'Compare runs them in lock-step. This is the first step where they disagree: upstream v5.8 has no answer for the driver, the series’ designs do. Press p on any view to present it.',
    target: '.cmp-timeline',
    enter: (store) => void toFirstDivergence(store),
  },
];
