/**
 * The small machine a search explores: parents with and without AUX, mdevs per parent,
 * containers, and optionally one group shared by an AUX parent's mdev and a plain parent's mdev
 * (S7's mixed group). Written as scenario declarations, so the found scenario declares exactly it.
 */
export interface MachineSpec {
  /** PCI parents with a PASID capability and the SIOV DVSEC: P1, P2, … */
  readonly auxParents: number;
  /** PCI parents without AUX (an SR-IOV VF): V1, V2, … */
  readonly plainParents: number;
  /** mdevs per parent: m1, m1b, m1c … on P1; mV1, mV1b … on V1. */
  readonly mdevsPerParent: number;
  /** VFIO containers: C, C2, … */
  readonly containers: number;
  /** The first mdev of P1 and the first of V1 share group G_s. */
  readonly sharedGroup: boolean;
  /**
   * Start with IOMMU_DEV_FEAT_AUX enabled on every AUX parent (the calls open the scenario; a
   * design without the feature returns `unsupported` and is unchanged). Default true.
   */
  readonly enableAux: boolean;
}

export const DEFAULT_MACHINE: MachineSpec = { auxParents: 2, plainParents: 1, mdevsPerParent: 1, containers: 1, sharedGroup: false, enableAux: true };

const suffix = (k: number) => (k === 0 ? '' : String.fromCharCode(97 + k));

export interface MachineNames {
  readonly auxParents: readonly string[];
  readonly plainParents: readonly string[];
  readonly mdevs: readonly string[];
  /** The groups the mdevs are in (singletons G_<mdev>, or G_s), without repeats. */
  readonly mdevGroups: readonly string[];
  readonly containers: readonly string[];
}

export function namesOf(s: MachineSpec): MachineNames {
  const auxParents = Array.from({ length: s.auxParents }, (_, i) => `P${i + 1}`);
  const plainParents = Array.from({ length: s.plainParents }, (_, i) => `V${i + 1}`);
  const mdevs: string[] = [];
  const groups: string[] = [];
  for (const p of [...auxParents, ...plainParents]) {
    for (let k = 0; k < s.mdevsPerParent; k++) {
      const m = `m${p.startsWith('P') ? p.slice(1) : p}${suffix(k)}`;
      mdevs.push(m);
      const g = shared(s, p, k) ? 'G_s' : `G_${m}`;
      if (!groups.includes(g)) groups.push(g);
    }
  }
  const containers = Array.from({ length: s.containers }, (_, i) => (i === 0 ? 'C' : `C${i + 1}`));
  return { auxParents, plainParents, mdevs, mdevGroups: groups, containers };
}

const shared = (s: MachineSpec, parent: string, k: number) =>
  s.sharedGroup && k === 0 && s.auxParents > 0 && s.plainParents > 0 && (parent === 'P1' || parent === 'V1');

/** The declarations, one per line. */
export function declLines(s: MachineSpec): string[] {
  const n = namesOf(s);
  const out = ['iommu vtd'];
  for (const p of n.auxParents) out.push(`pci ${p} pasids=1048576 siov`);
  for (const p of n.plainParents) out.push(`pci ${p}`);
  for (const p of [...n.auxParents, ...n.plainParents]) {
    for (let k = 0; k < s.mdevsPerParent; k++) {
      const m = `m${p.startsWith('P') ? p.slice(1) : p}${suffix(k)}`;
      out.push(`mdev ${m} parent=${p}${shared(s, p, k) ? ' group=G_s' : ''}`);
    }
  }
  for (const c of n.containers) out.push(`container ${c}`);
  return out;
}

/** The calls that open every searched scenario (AUX enabled on the AUX parents). */
export function setupCalls(s: MachineSpec): string[] {
  return s.enableAux ? namesOf(s).auxParents.map((p) => `iommu_dev_enable_feature(${p}, IOMMU_DEV_FEAT_AUX)`) : [];
}

/** Short text of a spec, as `--machine` takes it: `aux=2,plain=1,mdevs=1,containers=1[,shared]`. */
export function specText(s: MachineSpec): string {
  return `aux=${s.auxParents},plain=${s.plainParents},mdevs=${s.mdevsPerParent},containers=${s.containers}${s.sharedGroup ? ',shared' : ''}${s.enableAux ? '' : ',noaux'}`;
}

/** Parses `--machine` text over the defaults; throws with a message on a bad key or value. */
export function parseSpec(text: string, base: MachineSpec = DEFAULT_MACHINE): MachineSpec {
  const out = { ...base } as { -readonly [K in keyof MachineSpec]: MachineSpec[K] };
  const keys: Record<string, 'auxParents' | 'plainParents' | 'mdevsPerParent' | 'containers'> = {
    aux: 'auxParents',
    plain: 'plainParents',
    mdevs: 'mdevsPerParent',
    containers: 'containers',
  };
  for (const part of text.split(',').map((x) => x.trim()).filter(Boolean)) {
    if (part === 'shared') out.sharedGroup = true;
    else if (part === 'noshared') out.sharedGroup = false;
    else if (part === 'noaux') out.enableAux = false;
    else if (part === 'auxon') out.enableAux = true;
    else {
      const eq = part.indexOf('=');
      const k = eq < 0 ? part : part.slice(0, eq);
      const v = eq < 0 ? '' : part.slice(eq + 1);
      // Own keys only: `__proto__` or `constructor` are on every object's prototype.
      if (!Object.hasOwn(keys, k)) throw new Error(`unknown machine key '${k}' (known: aux, plain, mdevs, containers, shared, noaux)`);
      // Digits only: Number('') is 0 and Number('0x2') is 2, neither what was meant.
      if (!/^[0-9]{1,2}$/.test(v) || Number(v) > 8) throw new Error(`machine key ${k} takes an integer 0…8, not '${v}'`);
      out[keys[k]] = Number(v);
    }
  }
  if (out.containers < 1) throw new Error('the machine needs at least one container');
  return out;
}
