/**
 * Design variants: `design+option` or `design+option=value` (several joined by '+') names a
 * design with some of its choices made the other way (docs/designs.md, "Variants").
 *
 *   resolveVariant(list, text) → the configured Design, or an error naming what is wrong
 *   baseOf(id)                 → the registered design a variant belongs to
 *
 * Pure: the registry passes its list; nothing here names a design. The canonical form of a
 * variant (what runs, chips and URLs are keyed by) lists the options in the design's own
 * order and leaves out those set to their default, so `driver-map+present-check=on` is
 * `driver-map`, and two spellings of one configuration are one key.
 */
import type { Design, DesignOption, OptionValues } from '../design';

export type Resolved<D extends Design = Design> =
  | { readonly ok: true; readonly id: string; readonly design: D }
  | { readonly ok: false; readonly error: string };

/** The registered design a (possibly variant) id belongs to: the text before the first '+'. */
export function baseOf(id: string): string {
  const i = id.indexOf('+');
  return i < 0 ? id : id.slice(0, i);
}

/** `present-check=on|off, lookup-fail=continue|stop`: a design's options as a user types them. */
export function optionList(d: Design): string {
  return (d.options ?? []).map((o) => `${o.name}=${o.values.join('|')}`).join(', ');
}

/** The canonical id of `base` with these values (defaults left out, the design's order). */
export function variantId(base: string, options: readonly DesignOption[], values: OptionValues): string {
  const parts = options.filter((o) => values[o.name] !== undefined && values[o.name] !== o.default);
  return [base, ...parts.map((o) => `${o.name}=${values[o.name]}`)].join('+');
}

/** Every option's value in a (resolved) variant id, defaults filled in. */
export function optionValues(d: Design, id: string): OptionValues {
  const values: Record<string, string> = {};
  for (const o of d.options ?? []) values[o.name] = o.default;
  for (const part of id.split('+').slice(1)) {
    const [name, value] = part.split('=');
    const o = d.options?.find((x) => x.name === name);
    if (o) values[name] = value ?? o.values.find((v) => v !== o.default) ?? o.default;
  }
  return values;
}

const fail = (error: string): Resolved<never> => ({ ok: false, error });

/**
 * `text` → the design it names. Errors say which part is wrong and list what would be valid:
 * an unknown design (the registered ids), an unknown option (the design's options), a bad
 * value (the option's values). A bare `+option` is allowed for a two-valued option and means
 * its value other than the default ("make this choice the other way").
 */
export function resolveVariant<D extends Design>(list: readonly D[], text: string): Resolved<D> {
  const [base, ...parts] = text.split('+');
  const d = list.find((x) => x.id === base);
  if (!d) return fail(`unknown design '${base}' (known: ${list.map((x) => x.id).join(', ')})`);
  if (parts.length === 0) return { ok: true, id: base, design: d };
  const opts = d.options ?? [];
  if (opts.length === 0 || !d.configure) return fail(`design '${base}' has no options`);
  const chosen = new Map<string, string>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    if (name === '') return fail(`expected an option name after '+' in '${text}' (options of ${base}: ${optionList(d)})`);
    const o = opts.find((x) => x.name === name);
    if (!o) return fail(`design '${base}' has no option '${name}' (options: ${optionList(d)})`);
    if (chosen.has(name)) return fail(`option '${name}' is given twice in '${text}'`);
    let value: string;
    if (eq < 0) {
      if (o.values.length !== 2) return fail(`option '${name}' of ${base} needs a value: ${name}=${o.values.join('|')}`);
      value = o.values.find((v) => v !== o.default)!;
    } else {
      value = part.slice(eq + 1);
      if (!o.values.includes(value)) return fail(`option '${name}' of ${base} takes ${o.values.join('|')}, not '${value}'`);
    }
    chosen.set(name, value);
  }
  const values = Object.fromEntries(opts.map((o) => [o.name, chosen.get(o.name) ?? o.default]));
  const id = variantId(base, opts, values);
  if (id === base) return { ok: true, id, design: d };
  return { ok: true, id, design: { ...d.configure(values), id } as D };
}

/**
 * resolveVariant over a fixed list, remembering each configured design: a variant is built
 * once and every later lookup of any of its spellings returns the same object.
 */
export function variantResolver<D extends Design>(list: readonly D[]): (text: string) => Resolved<D> {
  const cache = new Map<string, Resolved<D>>();
  return (text) => {
    const hit = cache.get(text);
    if (hit) return hit;
    let r = resolveVariant(list, text);
    // Errors are not kept: a text field typing its way to a name would fill the cache.
    if (!r.ok) return r;
    const known = cache.get(r.id);
    if (known) r = known;
    else cache.set(r.id, r);
    cache.set(text, r);
    return r;
  };
}

/** The configured design with `values` merged over its defaults (for a design's `configure`). */
export function withDefaults(options: readonly DesignOption[], values: OptionValues): OptionValues {
  return Object.fromEntries(options.map((o) => [o.name, values[o.name] ?? o.default]));
}

/** Every variant that changes one option: `driver-map+present-check=off`, … (what pickers offer). */
export function oneOptionVariants(list: readonly Design[]): string[] {
  return list.flatMap((d) =>
    (d.options ?? []).flatMap((o) => o.values.filter((v) => v !== o.default).map((v) => `${d.id}+${o.name}=${v}`)),
  );
}
