/**
 * The one interface every design implements. A design is data plus pure functions: which
 * kernel functions it offers, how it implements them on the shared emulated kernel, where it
 * keeps its breadcrumb, and which extra invariants it promises.
 */
import type { Kernel } from './kernel/kernel';
import type { Machine, Ref } from './model';
import type { Arg, Violation } from './step';
import type { Value } from './value';

/** Where a design keeps "this mdev's domain is D", drawn by the graph. */
export interface Breadcrumb {
  /** One of the design's own `breadcrumbKinds` (data: shared code never names a kind). */
  readonly kind: string;
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
  /**
   * Where its functions come from, in order: the kernel tree it runs on, then the patches that
   * add what the tree lacks (ids of src/kernel-src's table, as plain data: the core imports
   * nothing of kernel-src). A variant has its design's.
   */
  readonly sources: readonly string[];
  /** The functions this design offers; anything else is `unsupported`. */
  readonly functions: Readonly<Record<string, KernelFn>>;
  /** Design-specific call behaviour switches of the shared kernel layers. */
  readonly rules: KernelRules;
  readonly breadcrumbs: (m: Machine) => Breadcrumb[];
  /**
   * Extra invariants of this design (the shared ones are always checked): a function of the
   * machine alone, checked in full on every step that changed it.
   */
  readonly invariants: (m: Machine) => Violation[];
  /** The violation codes `invariants` can produce, each with one line saying what is wrong. */
  readonly invariantCodes: Readonly<Record<string, { readonly summary: string }>>;
  /** The kinds of breadcrumb `breadcrumbs` returns, each with what it is. */
  readonly breadcrumbKinds: Readonly<Record<string, string>>;
  /**
   * The choices the design's authors had (docs/designs.md, "Variants"); the first value of
   * each is not special, `default` is the design as documented. Absent: no options.
   */
  readonly options?: readonly DesignOption[];
  /** This design with the given option values (every option present and valid). */
  readonly configure?: (values: OptionValues) => Design<Id>;
}

/** One named choice of a design: `driver-map+present-check=off`. */
export interface DesignOption {
  /** Lower-case words joined by '-', as written after '+'. */
  readonly name: string;
  /** Every value it takes, lower-case words joined by '-'. */
  readonly values: readonly string[];
  /** The value of the design as documented (its behaviour without options). */
  readonly default: string;
  /** One line: what the option changes. */
  readonly summary: string;
}

/** Option name → chosen value, for every option of a design. */
export type OptionValues = Readonly<Record<string, string>>;

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
  /**
   * With `aux: 'records'`: iommu_aux_get_pasid answers only for a domain with a record on the
   * device ('records', the default) or from default_pasid alone as VT-d v5.11 does ('domain').
   */
  readonly auxGetPasid?: 'records' | 'domain';
}
