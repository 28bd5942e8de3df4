/**
 * Direct manipulation: the calls that apply to the selected objects, as scenario lines. Which
 * calls exist is the core's SIGNATURES table; which a design offers is its `functions`.
 */
import type { ParamKind, Signature } from '../core';
import type { GraphNode } from './graph-types';

export interface Offer {
  readonly fn: string;
  /** The scenario line to append, e.g. `iommu_aux_attach_device(D, P1)`. */
  readonly line: string;
  readonly doc: string;
  /** How many of the selected objects the call uses (more first). */
  readonly uses: number;
}

const INT_DEFAULTS: Record<string, string> = {
  iova: '0x100000',
  paddr: '0x200000',
  size: '0x1000',
  prot: 'IOMMU_READ|IOMMU_WRITE',
  feat: 'IOMMU_DEV_FEAT_AUX',
  pasid: '1',
  type: '0',
  // A DMA owner is a non-zero cookie: 0 would stand for NULL (WARN_ON(!owner), -EINVAL).
  owner: '1',
};

const fits = (kind: ParamKind, pname: string, n: GraphNode): boolean => {
  if (kind === 'domain') return n.kind === 'domain';
  if (kind === 'group') return n.kind === 'group';
  if (kind === 'container') return n.kind === 'container';
  if (kind === 'dev') return pname === 'mdev' ? n.kind === 'mdev' : n.kind === 'pci' || n.kind === 'mdev';
  return false;
};

/** Fills one signature from the selection; null when an object parameter has no candidate. */
function fill(fn: string, sig: Signature, sel: readonly GraphNode[], nodes: ReadonlyMap<string, GraphNode>): Offer | null {
  const used = new Set<string>();
  const args: string[] = [];
  for (let i = 0; i < sig.params.length; i++) {
    const kind = sig.params[i];
    const pname = sig.names[i];
    if (kind === 'bus') {
      args.push('pci');
      continue;
    }
    if (kind === 'int') {
      const pasid = pname === 'pasid' ? sel.find((n) => n.kind === 'pasid' && !used.has(n.id)) : undefined;
      if (pasid) used.add(pasid.id);
      args.push(pasid ? pasid.id.slice('pasid:'.length) : (INT_DEFAULTS[pname] ?? '0'));
      continue;
    }
    let pick = sel.find((n) => !used.has(n.id) && fits(kind, pname, n));
    // A device stands for its group where a group is wanted (select C and m1 → vfio_attach_group(C, G_m1)).
    if (!pick && kind === 'group') {
      const dev = sel.find((n) => (n.kind === 'pci' || n.kind === 'mdev') && n.group && !used.has(n.group));
      pick = dev?.group ? nodes.get(dev.group) : undefined;
      if (pick && dev) used.add(dev.id);
    }
    if (!pick) return null;
    used.add(pick.id);
    args.push(pick.id);
  }
  const uses = sel.filter((n) => used.has(n.id)).length;
  if (sel.length > 0 && uses === 0) return null;
  return { fn, line: `${fn}(${args.join(', ')})`, doc: sig.doc, uses };
}

/** A fresh binding name for calls that create an object. */
function bindName(fn: string, taken: ReadonlySet<string>): string | null {
  const base = fn === 'iommu_domain_alloc' ? 'D' : fn === 'iommu_group_alloc' ? 'G' : null;
  if (!base) return null;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

export function offersFor(
  selection: readonly string[],
  nodes: readonly GraphNode[],
  signatures: Readonly<Record<string, Signature>>,
  offered: (fn: string) => boolean,
  taken: ReadonlySet<string> = new Set(),
): Offer[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const sel = selection.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  const out: Offer[] = [];
  for (const [fn, sig] of Object.entries(signatures)) {
    if (!offered(fn)) continue;
    const o = fill(fn, sig, sel, byId);
    if (!o) continue;
    const bind = bindName(fn, taken);
    out.push(bind ? { ...o, line: `${bind} = ${o.line}` } : o);
  }
  return out.sort((a, b) => b.uses - a.uses);
}
