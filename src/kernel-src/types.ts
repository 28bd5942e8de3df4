/** The shape of table.json (written by scripts/kernel-src-table.ts) and the names it leaves out. */

export interface TreeSource {
  readonly kind: 'tree';
  /** The kernel tag the tree stands for (`v5.8`), as the source browser names it. */
  readonly tag: string;
  /** Repository and commit the files were read from. */
  readonly readFrom: string;
  /** Git blob id of every file searched, so a re-read can be checked against this one. */
  readonly blobs: Readonly<Record<string, string>>;
}

export interface MailSource {
  /** `patch`: definitions read from its `+` lines; `mail`: a review that only names the function. */
  readonly kind: 'patch' | 'mail';
  readonly messageId: string;
  readonly subject: string;
  readonly date: string;
  readonly readFrom: string;
}

export type Source = TreeSource | MailSource;

export interface Location {
  readonly file: string;
  readonly line: number;
  /** Set when the function is gone from this version and the link shows its successor. */
  readonly as?: string;
}

export interface KernelSourceTable {
  readonly generatedBy: string;
  readonly sources: Readonly<Record<string, Source>>;
  /** function → source id → where it is defined there. */
  readonly functions: Readonly<Record<string, Readonly<Record<string, Location>>>>;
}

/**
 * The playground's portable steps: not kernel functions, so they have no definition. The
 * two vfio steps stand for type1's attach/detach, which the link shows instead.
 */
export const PLAYGROUND_STEPS = ['vfio_attach_group', 'vfio_detach_group', 'driver_get_domain', 'driver_get_pasid'] as const;
export const STANDS_FOR: Readonly<Record<string, string>> = {
  vfio_attach_group: 'vfio_iommu_type1_attach_group',
  vfio_detach_group: 'vfio_iommu_type1_detach_group',
};
