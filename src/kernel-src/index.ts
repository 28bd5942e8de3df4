/**
 * Links from a kernel function name to its definition, in the kernel version (or the proposal
 * patch) the design models, on a public source browser. Pure: a link is only a URL; the page
 * never fetches anything. The table is generated from the kernel sources by
 * scripts/kernel-src-table.ts (see docs/source-links.md).
 */
import { getDesign } from '../core';
import tableJson from './table.json';
import { PLAYGROUND_STEPS, STANDS_FOR, type KernelSourceTable, type Location, type Source } from './types';

export const TABLE = tableJson as KernelSourceTable;
export { PLAYGROUND_STEPS, STANDS_FOR };

/**
 * Where a design's functions come from, in order (the design's `sources`: the tree it runs on,
 * then the patches that add what the tree lacks); a variant (`design+option`) has its design's.
 */
export function sourcesOf(design: string): readonly string[] {
  return getDesign(design.split('+')[0])?.sources ?? [];
}
/**
 * Frames pasid-6.x shows that v6.12 no longer has under that name: the link goes to v5.8 and
 * says so plainly, and where v6.12's own counterpart is.
 */
const V58_ONLY_UNDER_612: Readonly<Record<string, string>> = {
  vfio_group_set_container: 'v6.12 moved the VFIO_GROUP_SET_CONTAINER path to drivers/vfio/group.c, vfio_group_ioctl_set_container',
  __iommu_detach_group: 'v6.12 detaches through __iommu_group_set_core_domain',
  vfio_iommu_attach_group: "v6.12's vfio_iommu_type1_attach_group (drivers/vfio/vfio_iommu_type1.c) calls iommu_attach_group itself",
  vfio_iommu_detach_group: "v6.12's vfio_iommu_type1_detach_group (drivers/vfio/vfio_iommu_type1.c) calls iommu_detach_group itself",
  vfio_mdev_attach_domain: 'v6.12 type1 has no mdev path (mdevs are attached by vfio, not by the IOMMU API)',
  vfio_mdev_detach_domain: 'v6.12 type1 has no mdev path (mdevs are attached by vfio, not by the IOMMU API)',
};

/** For a function the design's own sources lack (a call it answers `unsupported`). */
const ANY_SOURCE = ['v5.8', 'v6.12', 'v3-2/4', 'v3-3/4', 'v4-2/5', 'v4-3/5', 'ioasid-refs', 'v3-review'];

export interface SourceLink {
  readonly href: string;
  /** Short text: `v5.8 drivers/iommu/iommu.c:1925`. */
  readonly label: string;
  /** One sentence for a tooltip: where the link goes and why that version. */
  readonly title: string;
  /** False when the design's own sources lack the function and another version is shown. */
  readonly own: boolean;
}

const SHORT: Record<string, string> = {
  'v3-2/4': 'v3 2/4',
  'v3-3/4': 'v3 3/4',
  'v4-2/5': 'v4 2/5',
  'v4-3/5': 'v4 3/5',
  'ioasid-refs': 'ioasid refs patch',
  'v3-review': "Alex's v3 review",
};

function urlOf(src: Source, at: Location): string {
  if (src.kind === 'tree') return `https://elixir.bootlin.com/linux/${src.tag}/source/${at.file}#L${at.line}`;
  return `https://lore.kernel.org/linux-iommu/${src.messageId}/`;
}

function describe(fn: string, id: string, src: Source, at: Location): { label: string; title: string } {
  if (src.kind === 'tree') {
    const label = `${src.tag} ${at.file}:${at.line}`;
    const what = at.as ? `${fn} is gone in ${src.tag}; its successor ${at.as}` : fn;
    return { label, title: `${what}: ${at.file} line ${at.line} in Linux ${src.tag} (Elixir)` };
  }
  if (src.kind === 'mail') return { label: SHORT[id] ?? id, title: `${fn} exists only as a suggestion: ${src.subject}, ${src.date} (lore)` };
  return {
    label: `${SHORT[id] ?? id} ${at.file}:${at.line}`,
    // The hunk headers count from the tree the author diffed against (not necessarily v5.8).
    title: `${fn} is added by ${src.subject} (${src.date}); ${at.file} line ${at.line} once applied, counted from the patch author's tree as its hunk headers give it (lore)`,
  };
}

/** The link for `fn` as `design` models it, or null for a playground step with no kernel counterpart. */
export function sourceLink(fn: string, design: string): SourceLink | null {
  const target = STANDS_FOR[fn] ?? fn;
  const where = TABLE.functions[target];
  if (!where) return null;
  const own = sourcesOf(design);
  const id = own.find((s) => where[s]) ?? ANY_SOURCE.find((s) => where[s]);
  if (!id) return null;
  const src = TABLE.sources[id];
  const at = where[id];
  const d = describe(target, id, src, at);
  let title = d.title;
  if (target !== fn) title = `${fn} is a playground step standing for ${target}. ${title}`;
  if (V58_ONLY_UNDER_612[target] && own.includes('v6.12') && id !== 'v6.12') title += ` — this is v5.8's code: ${V58_ONLY_UNDER_612[target]}`;
  if (!own.includes(id)) title += ` — not in ${design}'s own sources (${own.join(', ') || 'none'})`;
  return { href: urlOf(src, at), label: d.label, title, own: own.includes(id) };
}
