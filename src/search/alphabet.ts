/**
 * The search's call alphabet, derived from the kernel signatures and the compared designs'
 * functions: nothing here names a design. A function is searchable when the search can fill
 * every parameter from its small machine:
 *   dev named `mdev`  → the mdevs;      any other dev → every device (parents, then mdevs)
 *   group             → the mdevs' groups (where the designs keep or miss their breadcrumb)
 *   container         → the containers
 *   domain            → the live UNMANAGED domains the path has made (filled per state)
 *   int named `feat`  → IOMMU_DEV_FEAT_AUX
 * Other ints and bus arguments have no small finite domain: such functions are not searched.
 * Of the searchable ones, a search uses those at least one compared design offers.
 */
import { resolveName, SIGNATURES, type Arg, type Design, type Machine, type ParamKind } from '../core';
import { namesOf, type MachineSpec } from './machine';

/** What a parameter is filled with. */
export type Slot = 'dev' | 'mdev' | 'mdevgroup' | 'container' | 'domain' | 'feat';

export const FEAT = 'IOMMU_DEV_FEAT_AUX';

function slotOf(kind: ParamKind, name: string): Slot | null {
  switch (kind) {
    case 'dev':
      return name === 'mdev' ? 'mdev' : 'dev';
    case 'group':
      return 'mdevgroup';
    case 'container':
      return 'container';
    case 'domain':
      return 'domain';
    case 'int':
      return name === 'feat' ? 'feat' : null;
    default:
      return null;
  }
}

function deriveAlphabet(): Record<string, readonly Slot[]> {
  const out: Record<string, readonly Slot[]> = {};
  for (const [fn, sig] of Object.entries(SIGNATURES)) {
    const slots = sig.params.map((k, i) => slotOf(k, sig.names[i]));
    if (slots.length && slots.every((s) => s !== null)) out[fn] = slots as Slot[];
  }
  return out;
}

/** Every call the search can make, and what it fills each argument with. */
export const ALPHABET: Readonly<Record<string, readonly Slot[]>> = deriveAlphabet();

/**
 * The default calls: the portable steps and the raw calls the known disagreements need
 * (feature switching, a group detach behind vfio's back, the core's domain lookup).
 */
export const DEFAULT_CALLS: readonly string[] = [
  'vfio_attach_group',
  'vfio_detach_group',
  'driver_get_domain',
  'driver_get_pasid',
  'iommu_dev_enable_feature',
  'iommu_dev_disable_feature',
  'iommu_detach_group',
  'iommu_get_domain_for_dev',
];

/** The calls of a search: the requested ones (checked) that at least one design offers. */
export function callsFor(designs: readonly Design[], requested: readonly string[] | undefined): string[] {
  for (const fn of requested ?? []) if (!ALPHABET[fn]) throw new Error(`the search cannot call '${fn}' (known: ${Object.keys(ALPHABET).join(', ')})`);
  // A function no compared design offers would only ever return `unsupported`.
  return (requested ?? DEFAULT_CALLS).filter((fn) => designs.some((d) => d.functions[fn]));
}

export interface Action {
  readonly text: string;
  readonly fn: string;
  readonly args: readonly string[];
  /** Names a domain: filled per state. */
  readonly dynamic: boolean;
}

type Fillers = Record<Exclude<Slot, 'domain'>, readonly string[]>;
const FILLERS = new WeakMap<MachineSpec, Fillers>();

function fillers(spec: MachineSpec): Fillers {
  let f = FILLERS.get(spec);
  if (!f) FILLERS.set(spec, (f = makeFillers(spec)));
  return f;
}

function makeFillers(spec: MachineSpec): Fillers {
  const n = namesOf(spec);
  return {
    dev: [...n.auxParents, ...n.plainParents, ...n.mdevs],
    mdev: n.mdevs,
    mdevgroup: n.mdevGroups,
    container: n.containers,
    feat: [FEAT],
  };
}

function combos(fn: string, values: (slot: Slot) => readonly string[], dynamic: boolean): Action[] {
  let out: string[][] = [[]];
  for (const slot of ALPHABET[fn]) out = out.flatMap((c) => values(slot).map((v) => [...c, v]));
  return out.map((args) => ({ text: `${fn}(${args.join(', ')})`, fn, args, dynamic }));
}

const namesDomain = (fn: string): boolean => ALPHABET[fn].includes('domain');

/** The actions that name no domain: the same in every state. */
export function staticActions(spec: MachineSpec, calls: readonly string[]): Action[] {
  const fill = fillers(spec);
  return calls.filter((fn) => !namesDomain(fn)).flatMap((fn) => combos(fn, (s) => fill[s as Exclude<Slot, 'domain'>], false));
}

/** Live domains by name (a later live one wins, as resolveName decides). */
function liveDomains(m: Machine): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of m.domains.toArray()) if (!d.freed) out.set(d.name, d.id);
  return out;
}

/**
 * The actions that name a domain, for the domains live in these machines (one per design):
 * UNMANAGED ones (not default domains) whose name means a live domain under every design.
 * Each action comes with its arguments resolved per machine.
 */
export function dynamicActions(spec: MachineSpec, calls: readonly string[], ms: readonly Machine[], statics: ReadonlyMap<string, Arg>): { action: Action; args: (Arg | null)[][] }[] {
  const withDomain = calls.filter(namesDomain);
  if (!withDomain.length) return [];
  const live = ms.map(liveDomains);
  const doms: string[] = [];
  for (const d of ms[0].domains.toArray())
    if (!d.freed && d.type === 'UNMANAGED' && !doms.includes(d.name) && !statics.has(d.name) && live.every((l) => l.has(d.name))) doms.push(d.name);
  if (!doms.length) return [];
  const fill = fillers(spec);
  return withDomain
    .flatMap((fn) => combos(fn, (s) => (s === 'domain' ? doms : fill[s]), true))
    .map((action) => ({
      action,
      args: live.map((l) => action.args.map((x): Arg | null => statics.get(x) ?? (l.has(x) ? { t: 'ref', ref: { kind: 'domain', id: l.get(x)! } } : null))),
    }));
}

/**
 * The arguments every state resolves alike: devices, groups and containers (declared once, never
 * renamed or moved) and the feature constant, resolved on the initial machine.
 */
export function staticNames(spec: MachineSpec, m0: Machine): Map<string, Arg> {
  const out = new Map<string, Arg>();
  const fill = fillers(spec);
  for (const names of Object.values(fill))
    for (const x of names) {
      const a = toArg(m0, x);
      if (a) out.set(x, a);
    }
  return out;
}

/** An argument name resolved on a machine (null: it names nothing there). */
export function toArg(m: Machine, a: string): Arg | null {
  if (a === FEAT) return { t: 'int', v: 0 };
  const r = resolveName(m, a);
  return r ? { t: 'ref', ref: r } : null;
}
