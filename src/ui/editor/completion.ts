/** Completion of function names (with their prototype) and object names. */
import type { CompletionContext, CompletionResult, Completion } from '@codemirror/autocomplete';
import { CONSTANTS, DESIGN_IDS, DESIGNS as ALL_DESIGNS, SIGNATURES } from '../../core';
import { sourceLinksInfo } from './source-links-info';

/**
 * The info box waits this long after its option is selected, and comes only if the list is
 * unchanged by then (CodeMirror drops an info promise whose completion state has moved on). While
 * one types, every key rebuilds the list and re-selects its first option, so an info box made at
 * once was destroyed, rebuilt and placed (a layout read in the frame) on every key: ≈ 1–2 ms of
 * each keystroke's path to the screen (docs/performance.md, typing round four). 250 ms is longer
 * than a typist's gap between keys (100–200 ms) and about a tooltip's usual delay.
 */
export const INFO_DELAY_MS = 250;
const later = (make: () => Node) => new Promise<Node>((resolve) => setTimeout(() => resolve(make()), INFO_DELAY_MS));

const FUNCTIONS: Completion[] = Object.entries(SIGNATURES).map(([fn, sig]) => ({
  label: fn,
  type: 'function',
  detail: `(${sig.names.map((n, i) => `${sig.params[i]} ${n}`).join(', ')}) → ${sig.ret}`,
  info: () => later(() => sourceLinksInfo(fn, sig.doc)),
  apply: `${fn}(`,
}));
const DECLS: Completion[] = ['pci', 'mdev', 'container', 'iommu', 'show', 'design:'].map((k) => ({ label: k, type: 'keyword' }));
const CONSTS: Completion[] = Object.keys(CONSTANTS).map((c) => ({ label: c, type: 'constant' }));
const VALUES: Completion[] = ['NULL', 'void', 'unsupported', 'OOPS', 'true', 'false', '-EBUSY', '-EINVAL', '-ENODEV', '-EPERM', '-ENOSPC'].map((v) => ({ label: v, type: 'constant' }));
/** The designs, then each one-option variant with what its option changes. */
const DESIGNS: Completion[] = [
  ...DESIGN_IDS.map((d) => ({ label: d, type: 'enum' })),
  ...ALL_DESIGNS.flatMap((d) =>
    (d.options ?? []).flatMap((o) =>
      o.values.filter((v) => v !== o.default).map((v) => ({ label: `${d.id}+${o.name}=${v}`, type: 'enum', detail: 'variant', info: o.summary })),
    ),
  ),
];
/**
 * The word being completed: a name as the lexer reads one (src/scn/lexer.ts: a letter or `_`,
 * then letters, digits, `_` and `.`), or an errno (`-EBUSY`). Not `(`: with it, a call's first
 * argument was read as `iommu_attach_device(D` and matched nothing.
 */
const WORD = /-?[A-Za-z_][\w.]*|-/;
/** A design id or variant being typed, back to the `:`, `@`, `,` or space before it. */
const DESIGN_WORD = /[A-Za-z0-9_.+=-]*$/;

/** What completion may offer besides the fixed words, read when a list opens. */
export interface CompletionNames {
  /** Every object the scenario knows now: devices, groups, containers, domains, bindings. */
  readonly objects: () => readonly string[];
  /** The names bound so far (`D = …`): the only names a statement may start with. */
  readonly bindings: () => readonly string[];
}

export function scnCompletion(names: CompletionNames) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const line = ctx.state.doc.lineAt(ctx.pos);
    const before = line.text.slice(0, ctx.pos - line.from);
    // A design id (`v3-group-flag`, `pasid-6.x`) has dashes and digits a name has not.
    if (/^\s*design:/.test(before) || /@[\w.,+=-]*$/.test(before)) {
      const typed = DESIGN_WORD.exec(before)![0];
      if (!typed && !ctx.explicit && !before.endsWith('@')) return null;
      return { from: ctx.pos - typed.length, options: DESIGNS, validFor: /^[\w.+=-]*$/ };
    }
    if (/^\s*#/.test(before)) return null;
    const word = ctx.matchBefore(WORD);
    if (!word && !ctx.explicit) return null;
    const from = word ? word.from : ctx.pos;
    const objects = (): Completion[] => names.objects().map((n) => ({ label: n, type: 'variable' }));
    if (/=>\s*[^|]*$/.test(before) || /\|\s*[\w-]*$/.test(before)) return { from, options: [...VALUES, ...objects()] };
    if (/\(/.test(before)) return { from, options: [...objects(), ...CONSTS, { label: 'pci', type: 'keyword' }, { label: 'mdev', type: 'keyword' }], validFor: /^[\w.]*$/ };
    if (/^\s*show\s+[\w.-]*$/.test(before)) return { from, options: objects(), validFor: /^[\w.-]*$/ };
    // After `NAME =` comes a call. At a line's start a statement is a call, a declaration, `show`,
    // or `NAME = …`, where NAME is new or bound before (it may not hide a device, group or
    // container): so the bindings, not the machine's objects — thousands on a large machine,
    // which the list re-filtered and redrew on every key of the line's first word.
    if (/^\s*[A-Za-z_]\w*\s*=\s*\w*$/.test(before)) return { from, options: FUNCTIONS, validFor: /^\w*$/ };
    if (/^\s*\w*$/.test(before)) return { from, options: [...FUNCTIONS, ...DECLS, ...names.bindings().map((n) => ({ label: n, type: 'variable' }))], validFor: /^\w*$/ };
    return null;
  };
}
