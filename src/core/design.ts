/**
 * The one interface every design implements. A design is data plus pure functions: which
 * kernel functions it offers, how it implements them on the shared emulated kernel, where it
 * keeps its breadcrumb, and which extra invariants it promises.
 */
import type { Kernel } from './kernel/kernel';
import type { Domain, Group, Machine, Ref } from './model';
import type { Arg, Violation } from './step';
import type { Value } from './value';

/** Where a design keeps "this mdev's domain is D", drawn by the graph. */
export interface Breadcrumb {
  readonly kind: 'group-flag' | 'domain-flag' | 'driver-record' | 'pasid-array' | 'vfio-pasid';
  /** The object that holds it (the group, the domain, the parent device, the container). */
  readonly at: Ref;
  /** What it points at (domain, subdevice …). */
  readonly to: readonly Ref[];
  /** Short text as the kernel would print it, e.g. `aux_domain_attached=1`, `pasid 1 → D`. */
  readonly label: string;
}

/** A kernel function as a design implements it. Args are already type-checked. */
export type KernelFn = (k: Kernel, args: readonly Arg[]) => Value;

/** A design; `Id` is its literal id (the registry derives the DesignId union from them). */
export interface Design<Id extends string = string> {
  readonly id: Id;
  readonly title: string;
  /** One line: what the design is (shown in the picker and the docs). */
  readonly summary: string;
  /** The functions this design offers; anything else is `unsupported`. */
  readonly functions: Readonly<Record<string, KernelFn>>;
  /** Design-specific call behaviour switches of the shared kernel layers. */
  readonly rules: KernelRules;
  readonly breadcrumbs: (m: Machine) => Breadcrumb[];
  /**
   * Extra invariants of this design (the shared ones are always checked). With a scope, only
   * the groups and domains a step touched need checking; null means all.
   */
  readonly invariants: (m: Machine, scope: InvariantScope | null) => Violation[];
}

/** How the shared iommu.c / VT-d layers behave in a design's era. */
export interface KernelRules {
  /** v5.8: no busy check without a default domain; v6.2: -EBUSY over any non-default domain. */
  readonly core: 'v5.8' | 'v6.2';
  /** VT-d aux bookkeeping: v5.8 single auxd node, or per-subdevice records with users count. */
  readonly aux: 'v5.8' | 'records';
  /** v3 1/4: the core checks IOMMU_DEV_FEAT_AUX in aux attach and get_pasid. */
  readonly auxFeatureCheck: boolean;
  /** PASID-entry setup refuses a present entry (-EBUSY), as v5.15 does; v5.8 overwrites. */
  readonly pasidPresentCheck: boolean;
}

/** The objects a step touched, for a design's own invariants. */
export interface InvariantScope {
  readonly groups: readonly Group[];
  readonly domains: readonly Domain[];
}
