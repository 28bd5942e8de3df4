/**
 * toGraph: THE one place where a machine state becomes nodes and edges. Views draw what this
 * returns and never look at kernel state themselves. Node ids are the scenario's names, so
 * layout, selection and pins survive steps.
 */
import type { Design, Machine, Ref, Step, TraceNode } from '../core';
import type { EdgeKind, Graph, GraphEdge, GraphNode, Mark, NodeKind } from './graph-types';
import { pasidNodeId } from './graph-types';

export const refKey = (r: Ref): string => `${r.kind}:${r.id}`;

interface Draft {
  id: string;
  kind: NodeKind;
  label: string;
  sub: string;
  ref: Ref | null;
  group: string | null;
  parent: string | null;
  badges: string[];
  gone: boolean;
  marks: Mark[];
}

/** Node ids for every object of the machine; a repeated name gets `#2`, `#3` … by age. */
export function nodeIds(m: Machine): Map<string, string> {
  const ids = new Map<string, string>();
  const seen = new Map<string, number>();
  const add = (ref: Ref, name: string) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    ids.set(refKey(ref), n === 1 ? name : `${name}#${n}`);
  };
  for (const d of m.devs) add({ kind: 'dev', id: d.id }, d.name);
  for (const g of m.groups) add({ kind: 'group', id: g.id }, g.name);
  for (const c of m.containers) add({ kind: 'container', id: c.id }, c.name);
  for (const d of m.domains) add({ kind: 'domain', id: d.id }, d.name);
  return ids;
}

/** `2^20` for powers of two (PASID spaces), else the number. */
const pow2 = (n: number) => (n >= 1024 && (n & (n - 1)) === 0 ? `2^${Math.log2(n)}` : String(n));

/** Names of the objects a trace node's WARN/OOPS lines are about: its args, else the call's. */
function markTrace(t: TraceNode, out: Map<string, Mark[]>, fallback: readonly string[]): void {
  for (const line of t.log) {
    if (line.level !== 'WARN' && line.level !== 'OOPS') continue;
    const names = t.args.length ? t.args : fallback;
    const mark: Mark = {
      level: line.level === 'WARN' ? 'warn' : 'oops',
      code: line.level,
      text: `${t.fn}: ${line.text}`,
    };
    for (const n of names) out.set(n, [...(out.get(n) ?? []), mark]);
  }
  for (const c of t.children) markTrace(c, out, t.args.length ? t.args : fallback);
}

/**
 * The step whose marks a statement's frame shows: its own call's; for a statement that made no
 * kernel call (`show`, `check`, a declaration), the last call's before it, since nothing the
 * kernel did happened in between. So a `show` keeps the badges of the step before it.
 */
export function marksStepOf(entries: readonly { readonly step?: Step }[], i: number): Step | undefined {
  for (let j = i; j >= 0; j--) if (entries[j].step) return entries[j].step;
  return undefined;
}

/**
 * `step`: the call that made this machine (its changes are marked). `carried`: the step whose
 * WARN/OOPS marks and violations a statement without a call of its own keeps (marksStepOf).
 */
export function toGraph(m: Machine, design: Design, step?: Step, carried?: Step): Graph {
  const ids = nodeIds(m);
  const idOf = (r: Ref) => ids.get(refKey(r)) ?? `${r.kind}${r.id}`;
  const drafts = new Map<string, Draft>();
  const edges: GraphEdge[] = [];
  const edgeIds = new Set<string>();
  const referenced = new Set<string>();

  const edge = (kind: EdgeKind, source: string, target: string, label = '') => {
    const id = `${kind}:${source}->${target}${label ? `:${label}` : ''}`;
    if (edgeIds.has(id)) return;
    edgeIds.add(id);
    edges.push({ id, kind, source, target, label, changed: false });
    // Who is pointed at: the target, except for aux edges (the parent's PASID entry points at the domain).
    referenced.add(kind === 'aux' ? source : target);
  };
  const node = (d: Omit<Draft, 'badges' | 'marks'>) => {
    drafts.set(d.id, { ...d, badges: [], marks: [] });
  };

  for (const c of m.containers) {
    const id = idOf({ kind: 'container', id: c.id });
    node({ id, kind: 'container', label: c.name, sub: 'vfio container', ref: { kind: 'container', id: c.id }, group: null, parent: null, gone: false });
    for (const vd of c.domain_list) {
      edge('container', id, idOf({ kind: 'domain', id: vd.domain }));
      for (const g of vd.groups) edge('container', id, idOf({ kind: 'group', id: g }));
    }
    for (const g of c.external_domain ?? []) edge('container', id, idOf({ kind: 'group', id: g }), 'external');
  }

  for (const g of m.groups) {
    const id = idOf({ kind: 'group', id: g.id });
    node({ id, kind: 'group', label: g.name, sub: `group ${g.group_id}`, ref: { kind: 'group', id: g.id }, group: null, parent: null, gone: g.released });
    for (const d of g.devices) edge('member', id, idOf({ kind: 'dev', id: d }));
    if (g.domain !== null) edge('domain', id, idOf({ kind: 'domain', id: g.domain }));
    if (g.default_domain !== null) edge('default_domain', id, idOf({ kind: 'domain', id: g.default_domain }));
    for (const [p, d] of Object.entries(g.pasid_array)) edge('pasid_array', id, idOf({ kind: 'domain', id: d }), `PASID ${p}`);
  }

  for (const d of m.devs) {
    const id = idOf({ kind: 'dev', id: d.id });
    const ref: Ref = { kind: 'dev', id: d.id };
    const group = d.iommu_group === null ? null : idOf({ kind: 'group', id: d.iommu_group });
    if (d.bus === 'mdev') {
      const parent = d.parent === null ? null : idOf({ kind: 'dev', id: d.parent });
      const sub = d.iommu_device === null ? 'iommu=none' : `mdev of ${parent ?? '?'}`;
      node({ id, kind: 'mdev', label: d.name, sub, ref, group, parent, gone: false });
      if (d.iommu_device !== null) edge('iommu_device', id, idOf({ kind: 'dev', id: d.iommu_device }));
    } else {
      const caps = d.caps;
      const sub = !caps || caps.max_pasids === 0 ? 'no PASID' : `pasids ${pow2(caps.max_pasids)}${caps.siov_dvsec ? ' · siov' : ''}`;
      node({ id, kind: 'pci', label: d.name, sub, ref, group, parent: null, gone: false });
      for (const [p, e] of Object.entries(d.pasid_table)) {
        if (Number(p) !== 0) edge('aux', idOf({ kind: 'domain', id: e.domain }), id, `PASID ${p}`);
      }
    }
  }

  for (const d of m.domains) {
    const pasid = d.default_pasid > 0 ? ` · pasid ${d.default_pasid}` : '';
    const sub = `${d.type}${d.freed ? ' · freed' : ''}${pasid}`;
    node({ id: idOf({ kind: 'domain', id: d.id }), kind: 'domain', label: d.name, sub, ref: { kind: 'domain', id: d.id }, group: null, parent: null, gone: d.freed });
  }

  const allIds = new Set(ids.values());
  for (const [p, who] of Object.entries(m.pasids)) {
    const id = pasidNodeId(p);
    // The allocator is kept as a name or as a ref key (`domain:1`); either way, draw its node id.
    const owner = ids.get(who) ?? who;
    node({ id, kind: 'pasid', label: `PASID ${p}`, sub: `for ${owner}`, ref: null, group: null, parent: null, gone: false });
    if (allIds.has(owner)) edge('pasid', id, owner);
  }

  for (const b of design.breadcrumbs(m)) {
    const at = idOf(b.at);
    drafts.get(at)?.badges.push(b.label);
    for (const t of b.to) edge('breadcrumb', at, idOf(t), b.label);
  }

  const changedIds = new Set<string>();
  if (step) {
    for (const c of step.changes) changedIds.add(idOf(c.ref));
    for (const r of step.created) changedIds.add(idOf(r));
  }
  const marker = step ?? carried;
  if (marker) {
    const byName = new Map<string, Mark[]>();
    const callArgs = marker.call.args.flatMap((a) => (a.t === 'ref' ? [idOf(a.ref)] : []));
    markTrace(marker.trace, byName, callArgs);
    for (const [name, marks] of byName) drafts.get(name)?.marks.push(...marks);
    for (const v of marker.violations) {
      for (const r of v.objects) drafts.get(idOf(r))?.marks.push({ level: 'violation', code: v.code, text: v.message });
    }
  }

  const nodes: GraphNode[] = [];
  for (const d of drafts.values()) {
    // Freed domains and released groups stay drawn only while something still points at them.
    if (d.gone && !changedIds.has(d.id) && !referenced.has(d.id)) continue;
    nodes.push({ ...d, changed: changedIds.has(d.id) });
  }
  const present = new Set(nodes.map((n) => n.id));
  return { nodes, edges: edges.filter((e) => present.has(e.source) && present.has(e.target)) };
}

/** Marks the nodes and edges that did not exist in the previous picture as changed. */
export function markNew(g: Graph, prev: Graph | null): Graph {
  if (!prev) return g;
  const pn = new Set(prev.nodes.map((n) => n.id));
  const pe = new Set(prev.edges.map((e) => e.id));
  return {
    nodes: g.nodes.map((n) => (n.changed || pn.has(n.id) ? n : { ...n, changed: true })),
    edges: g.edges.map((e) => (pe.has(e.id) ? e : { ...e, changed: true })),
  };
}
