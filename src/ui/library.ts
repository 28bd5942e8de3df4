/**
 * The scenario library: every src/scenarios/*.scn, bundled at build time, each described by
 * its first comment line. The commit-message usage scenario comes first.
 */
import { scenarioTitle } from '../scn';

export interface LibraryEntry {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly text: string;
}

// Where the library lives: the one place that names it (Vite needs the literal here).
const files = import.meta.glob('/src/scenarios/*.scn', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** A scenario's title (src/scn/title.ts). */
export const describe = scenarioTitle;

const FIRST = 'demo-v3-usage';
/** The demos in the order a talk uses them (src/scenarios/README.md); then the rest by name. */
const ORDER = [FIRST, 'demo-stale-group-flag', 'demo-shared-domain-gpf'];
const rank = (id: string) => {
  const i = ORDER.indexOf(id);
  return i >= 0 ? i : id.startsWith('demo-') ? ORDER.length : ORDER.length + 1;
};

function build(): LibraryEntry[] {
  const list = Object.entries(files).map(([path, text]) => {
    const id = path.replace(/^.*\//, '').replace(/\.scn$/, '');
    return { id, title: id, description: describe(text) || id, text };
  });
  return list.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}

export const LIBRARY: readonly LibraryEntry[] = build();
