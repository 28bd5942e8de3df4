/**
 * What a kernel function returns, as the scenario language and the trace see it.
 * Kernel failures are values (`-EBUSY`), never exceptions.
 */
import type { Ref } from './model';

export type Value =
  /**
   * int, size_t, phys_addr_t, a PASID; negative ints print as errnos unless `plain`
   * (IOMMU_PASID_INVALID is -1, not -EPERM). `hex` and `plain` only affect printing.
   */
  | { readonly t: 'int'; readonly v: number; readonly hex?: boolean; readonly plain?: boolean }
  /** A pointer: an object, or NULL when `ref` is null. */
  | { readonly t: 'ptr'; readonly ref: Ref | null }
  /** ERR_PTR(errno), errno negative. */
  | { readonly t: 'errptr'; readonly errno: number }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'void' }
  /** The design has no such function. */
  | { readonly t: 'unsupported' }
  /** The emulated kernel crashed in this call; the machine is tainted and the run goes on. */
  | { readonly t: 'oops'; readonly why: string }
  /** Not a kernel value: the call could not be made as written (wrong kind of argument). */
  | { readonly t: 'invalid'; readonly why: string }
  /**
   * Not a kernel value: the emulator itself failed inside `fn` (a bug of this program, never
   * of the emulated kernel). The call has no effect; the run goes on.
   */
  | { readonly t: 'internal'; readonly fn: string; readonly why: string };

/** The kind of value a function returns (its C return type, as the playground groups them). */
export type RetKind = 'int' | 'size' | 'phys' | 'ptr' | 'bool' | 'void';

export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  ENOMEM: 12,
  EFAULT: 14,
  EBUSY: 16,
  ENODEV: 19,
  EINVAL: 22,
  ENOSPC: 28,
  EOPNOTSUPP: 95,
} as const;
export type ErrnoName = keyof typeof ERRNO;

const ERRNO_NAME: Record<number, string> = Object.fromEntries(
  Object.entries(ERRNO).map(([k, v]) => [v, k]),
);

/** `-EBUSY` for -16; the number itself for an errno the table doesn't know. */
export function errnoName(neg: number): string {
  const n = ERRNO_NAME[-neg];
  return n ? `-${n}` : String(neg);
}

export const int = (v: number): Value => ({ t: 'int', v });
export const hex = (v: number): Value => ({ t: 'int', v, hex: true });
export const err = (name: ErrnoName): Value => ({ t: 'int', v: -ERRNO[name] });
export const errPtr = (name: ErrnoName): Value => ({ t: 'errptr', errno: -ERRNO[name] });
export const NULLPTR: Value = { t: 'ptr', ref: null };
export const VOID: Value = { t: 'void' };
export const UNSUPPORTED: Value = { t: 'unsupported' };
export const bool = (v: boolean): Value => ({ t: 'bool', v });
export const ptr = (ref: Ref | null): Value => ({ t: 'ptr', ref });

/** The kernel versions whose include/linux/iommu.h the scenario language's constants come from. */
export type HeaderVersion = 'v5.8' | 'v6.12';

const PROT = { IOMMU_READ: 1, IOMMU_WRITE: 2, IOMMU_CACHE: 4, IOMMU_NOEXEC: 8, IOMMU_MMIO: 0x10, IOMMU_PRIV: 0x20 };
/** __IOMMU_DOMAIN_PAGING = 1, __IOMMU_DOMAIN_DMA_API = 2, __IOMMU_DOMAIN_PT = 4 (both versions). */
const DOMAIN_TYPES = { IOMMU_DOMAIN_BLOCKED: 0, IOMMU_DOMAIN_IDENTITY: 4, IOMMU_DOMAIN_UNMANAGED: 1, IOMMU_DOMAIN_DMA: 3 };

/**
 * Kernel constants the scenario language accepts, per header version, with the values
 * include/linux/iommu.h gives them there (docs/kernel-reference.md, "Constants"). A name the
 * version does not define (IOMMU_DEV_FEAT_AUX in v6.12, IOMMU_NO_PASID in v5.8) makes the call
 * that uses it `unsupported` under that version's designs.
 */
export const CONSTANTS_BY_VERSION: Readonly<Record<HeaderVersion, Readonly<Record<string, number>>>> = {
  // v5.8.1 include/linux/iommu.h: enum iommu_dev_features { AUX, SVA }; IOMMU_PASID_INVALID (-1U).
  'v5.8': { ...PROT, ...DOMAIN_TYPES, IOMMU_DEV_FEAT_AUX: 0, IOMMU_DEV_FEAT_SVA: 1, IOMMU_PASID_INVALID: -1 },
  // v6.12 include/linux/iommu.h: enum iommu_dev_features { SVA, IOPF }; DMA_FQ = PAGING|DMA_API|
  // DMA_FQ (8), SVA = 1 << 4, PLATFORM = 1 << 5, NESTED = 1 << 6; IOMMU_NO_PASID (0U).
  'v6.12': {
    ...PROT,
    ...DOMAIN_TYPES,
    IOMMU_DOMAIN_DMA_FQ: 0xb,
    IOMMU_DOMAIN_SVA: 0x10,
    IOMMU_DOMAIN_PLATFORM: 0x20,
    IOMMU_DOMAIN_NESTED: 0x40,
    IOMMU_DEV_FEAT_SVA: 0,
    IOMMU_DEV_FEAT_IOPF: 1,
    IOMMU_NO_PASID: 0,
    IOMMU_PASID_INVALID: -1,
  },
};

/**
 * Every constant name some version defines (for the parser, completion and reserved words).
 * The value is the v5.8 one where v5.8 has the name, else the v6.12 one; run time uses the
 * design's own version (CONSTANTS_BY_VERSION).
 */
export const CONSTANTS: Readonly<Record<string, number>> = { ...CONSTANTS_BY_VERSION['v6.12'], ...CONSTANTS_BY_VERSION['v5.8'] };
