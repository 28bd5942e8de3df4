// The layer rules, generated from the one table in docs/architecture.md ("Layers and what each
// may import"): .dependency-cruiser.cjs turns them into its `forbidden` rules, and
// test/architecture/layers.test.ts checks both the parse and the check. The table's "may import"
// column has one form (docs/architecture.md says which); anything else is an error here, so
// the doc and the check cannot drift apart.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The table's rows: `{ layer, may: string[], from: {layer, file}[], files: string[], packages: string[], pure }`. */
function parseLayers(markdown) {
  const at = markdown.indexOf('| layer | what | may import | pure |');
  if (at < 0) throw new Error('docs/architecture.md: no "| layer | what | may import | pure |" table');
  const rows = [];
  for (const line of markdown.slice(at).split('\n').slice(2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split(' | ').map((c) => c.replace(/^\|\s*|\s*\|$/g, '').trim());
    if (cells.length !== 4) throw new Error(`docs/architecture.md: layer row without 4 cells: ${line.slice(0, 60)}`);
    const m = /^`src\/([\w-]+)`$/.exec(cells[0]);
    if (!m) throw new Error(`docs/architecture.md: layer cell ${cells[0]} is not \`src/<layer>\``);
    if (cells[3] !== 'yes' && cells[3] !== 'no') throw new Error(`docs/architecture.md: ${m[1]}: pure must be yes or no, not ${cells[3]}`);
    rows.push({ layer: m[1], cell: cells[2], pure: cells[3] === 'yes' });
  }
  const names = rows.map((r) => r.layer);
  return rows.map((r, i) => {
    const [head, ...rest] = r.cell.split(';').map((x) => x.trim());
    let may;
    if (head === 'nothing') may = [];
    else if (head === 'everything above') may = names.slice(0, i);
    else if (head === 'everything') may = names.filter((n) => n !== r.layer);
    else may = head.split(',').map((x) => x.trim());
    for (const n of may) if (!names.includes(n)) throw new Error(`docs/architecture.md: ${r.layer} may import "${n}", which is no layer of the table`);
    const out = { layer: r.layer, may, from: [], files: [], packages: [], pure: r.pure };
    for (const x of rest) {
      let e;
      if ((e = /^([\w-]+) from `([^`]+)`$/.exec(x))) {
        if (!names.includes(e[1])) throw new Error(`docs/architecture.md: ${r.layer}: "${e[1]}" is no layer`);
        out.from.push({ layer: e[1], file: `src/${e[2]}` });
      } else if ((e = /^`([^`]+\.tsx?)`$/.exec(x))) out.files.push(`src/${e[1]}`);
      else if ((e = /^`([^`]+)`$/.exec(x))) out.packages.push(e[1]);
      else throw new Error(`docs/architecture.md: ${r.layer}: cannot read the exception "${x}" (layer from \`file\`, \`file.ts\` or \`package\`)`);
    }
    return out;
  });
}

/** Where an import of `pkg` (`zustand/vanilla`, `@scope/name`) resolves: its own files only (as plain and as `esm/…`). */
function packagePaths(pkg) {
  const parts = pkg.split('/');
  const n = pkg.startsWith('@') ? 2 : 1;
  const name = esc(parts.slice(0, n).join('/'));
  const sub = esc(parts.slice(n).join('/'));
  // Two patterns, not one with nested quantifiers (dependency-cruiser refuses unsafe regexps).
  return sub ? [`(^|/)node_modules/${name}/${sub}[.]`, `(^|/)node_modules/${name}/[^/]+/${sub}[.]`] : [`(^|/)node_modules/${name}/`];
}

/** dependency-cruiser `forbidden` rules for the layers. */
function forbiddenRules(layers) {
  const rules = [];
  const names = layers.map((l) => l.layer);
  for (const l of layers) {
    const src = `^src/${esc(l.layer)}/`;
    for (const t of names) {
      if (t === l.layer || l.may.includes(t)) continue;
      const fromFiles = l.from.filter((f) => f.layer === t).map((f) => `^${esc(f.file)}$`);
      const toFiles = l.files.filter((f) => f.startsWith(`src/${t}/`)).map((f) => `^${esc(f)}$`);
      rules.push({
        name: `${l.layer}-not-${t}`,
        comment: `docs/architecture.md: src/${l.layer} may import ${l.may.join(', ') || 'nothing of the project'}${l.from.length || l.files.length ? ' (and the exceptions its row names)' : ''}, not src/${t}`,
        severity: 'error',
        from: { path: src, ...(fromFiles.length ? { pathNot: fromFiles } : {}) },
        to: { path: `^src/${esc(t)}/`, ...(toFiles.length ? { pathNot: toFiles } : {}) },
      });
    }
    if (l.pure)
      rules.push({
        name: `${l.layer}-pure`,
        comment: `docs/architecture.md: src/${l.layer} is a pure layer: no npm package or Node module${l.packages.length ? ` but ${l.packages.join(', ')}` : ''} (no React, d3, CodeMirror, DOM libraries), in .ts and .tsx alike`,
        severity: 'error',
        from: { path: src },
        to: {
          dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown', 'core', 'unknown'],
          ...(l.packages.length ? { pathNot: l.packages.flatMap(packagePaths) } : {}),
        },
      });
  }
  return rules;
}

function layerRules(root = join(__dirname, '..')) {
  return forbiddenRules(parseLayers(readFileSync(join(root, 'docs', 'architecture.md'), 'utf8')));
}

module.exports = { parseLayers, forbiddenRules, layerRules };
