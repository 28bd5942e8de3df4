/** Machine declarations of the scenario language (`pci P1 pasids=… siov`, `mdev m1 parent=P1`). */
export type Decl =
  | {
      readonly kind: 'iommu';
      /** Only `vtd` exists. Options: scalable=off, pasid=off, svm=off, superpage=off, mgaw=N, ndoms=N. */
      readonly driver: string;
      readonly opts: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'pci';
      readonly name: string;
      readonly pasids: number;
      readonly siov: boolean;
      readonly rmrr: boolean;
      readonly passthrough: boolean;
      readonly ats: boolean;
      readonly pri: boolean;
      /** Group name; absent: a new singleton group `G_<name>`. */
      readonly group?: string;
    }
  | {
      readonly kind: 'mdev';
      readonly name: string;
      readonly parent: string;
      /** false for `iommu=none`: mdev_set_iommu_device() is not called. */
      readonly iommu: boolean;
      readonly group?: string;
    }
  | { readonly kind: 'container'; readonly name: string };
