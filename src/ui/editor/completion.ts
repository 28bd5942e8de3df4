/** Completion of function names (with their prototype) and object names. */
import type { CompletionContext, CompletionResult, Completion } from '@codemirror/autocomplete';
import { CONSTANTS, DESIGN_IDS, SIGNATURES } from '../../core';
import { sourceLinksInfo } from './source-links-info';

const FUNCTIONS: Completion[] = Object.entries(SIGNATURES).map(([fn, sig]) => ({
  label: fn,
  type: 'function',
  detail: `(${sig.names.map((n, i) => `${sig.params[i]} ${n}`).join(', ')}) → ${sig.ret}`,
  info: () => sourceLinksInfo(fn, sig.doc),
  apply: `${fn}(`,
}));
const DECLS: Completion[] = ['pci', 'mdev', 'container', 'iommu', 'show', 'design:'].map((k) => ({ label: k, type: 'keyword' }));
const CONSTS: Completion[] = Object.keys(CONSTANTS).map((c) => ({ label: c, type: 'constant' }));
const VALUES: Completion[] = ['NULL', 'void', 'unsupported', 'OOPS', 'true', 'false', '-EBUSY', '-EINVAL', '-ENODEV', '-EPERM', '-ENOSPC'].map((v) => ({ label: v, type: 'constant' }));
const DESIGNS: Completion[] = DESIGN_IDS.map((d) => ({ label: d, type: 'enum' }));

/** `names()` gives the objects the scenario knows now (devices, groups, domains, bindings). */
export function scnCompletion(names: () => readonly string[]) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const word = ctx.matchBefore(/[-@A-Za-z_][A-Za-z0-9_.()-]*/);
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, ctx.pos - line.from);
    if (!word && !ctx.explicit) return null;
    const from = word ? word.from : ctx.pos;
    if (/^\s*design:/.test(before)) return { from, options: DESIGNS };
    if (/@[\w.,-]*$/.test(before)) return { from: before.lastIndexOf('@') + line.from + 1, options: DESIGNS };
    const objects: Completion[] = names().map((n) => ({ label: n, type: 'variable' }));
    if (/=>\s*[^|]*$/.test(before) || /\|\s*[\w-]*$/.test(before)) return { from, options: [...VALUES, ...objects] };
    if (/\(/.test(before)) return { from, options: [...objects, ...CONSTS, { label: 'pci', type: 'keyword' }, { label: 'mdev', type: 'keyword' }], validFor: /^[\w.()-]*$/ };
    const atStart = /^\s*([A-Za-z_][\w]*\s*=\s*)?[\w]*$/.test(before);
    if (atStart) return { from, options: [...FUNCTIONS, ...DECLS, ...objects], validFor: /^\w*$/ };
    return null;
  };
}
