// `npm run lint:layers`: the layer rules of docs/architecture.md's table (scripts/layer-rules.cjs
// generates them from it), over src's .ts and .tsx, type-only imports included.
'use strict';
const { layerRules } = require('./scripts/layer-rules.cjs');

module.exports = {
  forbidden: [
    ...layerRules(__dirname),
    { name: 'not-to-unresolvable', comment: 'an import that resolves to nothing hides what it imports', severity: 'error', from: { path: '^src/', pathNot: '[.]d[.]ts$' }, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
