/**
 * The layer rules (docs/architecture.md's table → scripts/layer-rules.cjs → dependency-cruiser)
 * read the table as written, and the check fails on a planted forbidden import: in a `.tsx`
 * file of a pure layer importing React, core importing derive, derive importing search, the
 * runner importing the store, share importing `'../runner'`; an allowed import passes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const ROOT = resolve(__dirname, '../..');
const { parseLayers, layerRules } = require('../../scripts/layer-rules.cjs') as {
  parseLayers: (md: string) => { layer: string; may: string[]; from: { layer: string; file: string }[]; files: string[]; packages: string[]; pure: boolean }[];
  layerRules: (root?: string) => { name: string }[];
};

describe('the layer table', () => {
  const layers = parseLayers(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'));
  const of = (n: string) => layers.find((l) => l.layer === n)!;

  it('is read as written: every layer, what it may import, the exceptions, which are pure', () => {
    expect(layers.map((l) => l.layer)).toEqual(['core', 'scn', 'derive', 'compare', 'search', 'share', 'report', 'kernel-src', 'runner', 'store', 'ui', 'cli']);
    expect(of('core').may).toEqual([]);
    expect(of('search').may).toEqual(['core', 'scn', 'compare']);
    expect(of('runner').from).toEqual([{ layer: 'derive', file: 'src/runner/frame-graph.ts' }, { layer: 'report', file: 'src/runner/scn-engine.ts' }]);
    expect(of('store').may).toEqual(['core', 'scn', 'derive', 'compare', 'search', 'share', 'report', 'kernel-src', 'runner']);
    expect(of('store').packages).toEqual(['zustand/vanilla']);
    expect(layers.filter((l) => !l.pure).map((l) => l.layer)).toEqual(['ui', 'cli']);
    // A rule per layer and layer it may not import, and one per pure layer.
    const names = layerRules(ROOT).map((r) => r.name);
    expect(names).toContain('core-not-derive');
    expect(names).toContain('runner-not-store');
    expect(names).toContain('share-not-runner');
    expect(names).toContain('derive-not-search');
    expect(names).not.toContain('store-not-runner');
    expect(names).toContain('derive-pure');
    expect(names).not.toContain('ui-pure');
  });

  it('refuses a cell it cannot read, so the doc and the check cannot drift apart', () => {
    const table = (cell: string) => `| layer | what | may import | pure |\n|---|---|---|---|\n| \`src/core\` | x | nothing | yes |\n| \`src/scn\` | y | ${cell} | yes |\n`;
    expect(parseLayers(table('core'))[1].may).toEqual(['core']);
    expect(() => parseLayers(table('core, derive'))).toThrow(/no layer/);
    expect(() => parseLayers(table('core; derive in the Worker only'))).toThrow(/cannot read the exception/);
    expect(() => parseLayers('no table here')).toThrow(/no .* table/);
  });
});

describe('the layer check (npm run lint:layers)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'layers-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(tmp, path)), { recursive: true });
    writeFileSync(join(tmp, path), text);
  };

  it('fails on planted forbidden imports, in .ts and .tsx, and passes the allowed ones', () => {
    symlinkSync(join(ROOT, 'node_modules'), join(tmp, 'node_modules'));
    put('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx', strict: true }, include: ['src'] }));
    put('src/core/index.ts', 'export const core = 1;\n');
    put('src/scn/index.ts', "import { core } from '../core';\nexport const scn = core;\n");
    put('src/search/index.ts', "import { scn } from '../scn';\nexport const search = scn;\n");
    put('src/store/index.ts', "import { createStore } from 'zustand/vanilla';\nimport { scn } from '../scn';\nexport const store = createStore(() => ({ scn }));\n");
    put('src/runner/index.ts', "import { scn } from '../scn';\nexport const runner = scn;\n");
    put('src/derive/graph.ts', "import { core } from '../core';\nexport const graph = core;\n");
    put('src/derive/graph-types.ts', 'export type Graph = { n: number };\n');
    put('src/runner/frame-graph.ts', "import { graph } from '../derive/graph';\nexport const frame = graph;\n");
    put('src/runner/wire.ts', "import type { Graph } from '../derive/graph-types';\nexport const wire = (g: Graph) => g.n;\n");
    // Planted: each breaks one rule of the table.
    put('src/core/planted.tsx', "import { useState } from 'react';\nexport const planted = useState;\n");
    put('src/core/reaches-up.ts', "import { graph } from '../derive/graph';\nexport const up = graph;\n");
    put('src/derive/finds.ts', "import { search } from '../search';\nexport const finds = search;\n");
    put('src/runner/cycle.ts', "import type { store } from '../store';\nexport type S = typeof store;\n");
    put('src/share/run.ts', "import { runner } from '../runner';\nexport const run = runner;\n");
    put('src/runner/host.ts', "import { graph } from '../derive/graph';\nexport const host = graph;\n");
    // What `npm run lint:layers` runs, in the planted tree: its exit status and its error lines.
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', join(ROOT, '.dependency-cruiser.cjs')], { cwd: tmp, encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.status, r.stderr).not.toBe(0);
    const seen = [...r.stdout.matchAll(/error (\S+): (\S+) → (\S+)/g)].map(([, rule, from, to]) => `${rule}: ${from} → ${to.replace(/^.*node_modules\//, 'node_modules/')}`).sort();
    expect(seen).toEqual(
      [
        'core-pure: src/core/planted.tsx → node_modules/react/index.js',
        'core-not-derive: src/core/reaches-up.ts → src/derive/graph.ts',
        'derive-not-search: src/derive/finds.ts → src/search/index.ts',
        'runner-not-store: src/runner/cycle.ts → src/store/index.ts',
        'share-not-runner: src/share/run.ts → src/runner/index.ts',
        // Only frame-graph.ts may import derive's code; graph-types.ts is open to the runner.
        'runner-not-derive: src/runner/host.ts → src/derive/graph.ts',
      ].sort(),
    );
  }, 240_000);
});
