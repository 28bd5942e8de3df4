/**
 * Design variants (docs/designs.md, "Variants"): `design+option[=value]` → a configured design.
 * The resolver is pure and the registry is its only list; errors name the wrong part and list
 * what would be valid.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DESIGNS, getDesign, resolveDesign } from '../../src/core';
import { baseOf, optionValues, resolveVariant, variantId } from '../../src/core/designs/variants';
import { parseScenario, runScenario } from '../../src/scn';
import { libraryFiles, libraryText } from '../library';

const resolved = (text: string) => {
  const r = resolveDesign(text);
  if (!r.ok) throw new Error(r.error);
  return r;
};
const error = (text: string) => {
  const r = resolveDesign(text);
  if (r.ok) throw new Error(`${text} resolved to ${r.id}`);
  return r.error;
};

describe('variant names', () => {
  it('a plain id is the registered design itself', () => {
    for (const d of DESIGNS) expect(resolved(d.id).design).toBe(d);
  });

  it('has at least six options across the designs, each with its default among its values', () => {
    const all = DESIGNS.flatMap((d) => (d.options ?? []).map((o) => ({ d, o })));
    expect(all.length).toBeGreaterThanOrEqual(6);
    for (const { o } of all) {
      expect(o.values).toContain(o.default);
      expect(new Set(o.values).size).toBe(o.values.length);
      expect(o.name).toMatch(/^[a-z][a-z0-9-]*$/);
    }
  });

  it('every non-default value of every option resolves to a new design whose id is the variant', () => {
    for (const d of DESIGNS)
      for (const o of d.options ?? [])
        for (const v of o.values.filter((x) => x !== o.default)) {
          const r = resolved(`${d.id}+${o.name}=${v}`);
          expect(r.id).toBe(`${d.id}+${o.name}=${v}`);
          expect(r.design).not.toBe(d);
          expect(r.design.id).toBe(r.id);
          expect(baseOf(r.id)).toBe(d.id);
          expect(optionValues(d, r.id)[o.name]).toBe(v);
        }
  });

  it('canonical ids: defaults dropped, options in the design’s order, a bare two-valued option flips it', () => {
    expect(resolved('driver-map+present-check=on').id).toBe('driver-map');
    expect(resolved('driver-map+present-check').id).toBe('driver-map+present-check=off');
    expect(resolved('driver-map+lookup-fail=stop+present-check=off').id).toBe('driver-map+present-check=off+lookup-fail=stop');
    expect(variantId('driver-map', DESIGNS[3].options!, { 'lookup-fail': 'stop', 'present-check': 'on' })).toBe('driver-map+lookup-fail=stop');
  });

  it('two spellings of one configuration are one design object (runs key by the canonical id)', () => {
    const a = getDesign('driver-map+lookup-fail=stop+present-check=off');
    const b = getDesign('driver-map+present-check=off+lookup-fail=stop');
    expect(a).toBeDefined();
    expect(a).toBe(b);
  });

  it('errors name what is wrong and list what is valid', () => {
    expect(error('driver-mop+present-check=off')).toBe(
      "unknown design 'driver-mop' (known: upstream-5.8, v3-group-flag, domain-flag, driver-map, pasid-6.x)",
    );
    expect(error('driver-map+presence=off')).toBe(
      "design 'driver-map' has no option 'presence' (options: present-check=on|off, get-pasid=records|domain, lookup-fail=continue|stop)",
    );
    expect(error('driver-map+present-check=maybe')).toBe("option 'present-check' of driver-map takes on|off, not 'maybe'");
    expect(error('v3-group-flag+plain-detach')).toBe('option \'plain-detach\' of v3-group-flag needs a value: plain-detach=keep|clear|refuse');
    expect(error('driver-map+present-check=off+present-check=on')).toMatch(/option 'present-check' is given twice/);
    expect(error('driver-map+')).toMatch(/expected an option name after '\+'/);
    expect(getDesign('driver-map+nope')).toBeUndefined();
  });

  it('a design without options says so', () => {
    const bare = { ...DESIGNS[0], id: 'bare', options: undefined, configure: undefined };
    const r = resolveVariant([bare], 'bare+x=1');
    expect(r).toEqual({ ok: false, error: "design 'bare' has no options" });
  });

  it('an option changes behaviour only in its variant: driver-map+present-check=off overwrites a present PASID entry', () => {
    // S3's last step: D's stale default_pasid 1 now belongs to E; v5.15 refuses, v5.8 overwrites.
    const text = [
      'design: driver-map, driver-map+present-check=off',
      'iommu vtd',
      'pci P1 pasids=1048576 siov',
      'iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => 0',
      'D = iommu_domain_alloc(pci)',
      'E = iommu_domain_alloc(pci)',
      'iommu_aux_attach_device(D, P1) => 0',
      'iommu_aux_detach_device(D, P1) => void',
      'iommu_aux_attach_device(E, P1) => 0',
      'iommu_aux_attach_device(D, P1) => -EBUSY @driver-map | 0 @driver-map+present-check=off',
    ].join('\n');
    const { script, errors } = parseScenario(text);
    expect(errors).toEqual([]);
    for (const d of script.header!.designs) {
      const run = runScenario(script, d);
      expect(run.failed, d).toBe(0);
      expect(run.passed).toBe(5);
    }
  });

  it('the configured design is used by the engine (not only named)', () => {
    const d = getDesign('v3-group-flag+feature-check=off')!;
    expect(d.rules.auxFeatureCheck).toBe(false);
    expect(getDesign('v3-group-flag')!.rules.auxFeatureCheck).toBe(true);
  });
});

describe('docs/designs.md', () => {
  const doc = readFileSync('docs/designs.md', 'utf8');
  it('has a sentence for every option, naming each non-default variant', () => {
    for (const d of DESIGNS)
      for (const o of d.options ?? [])
        for (const v of o.values.filter((x) => x !== o.default)) expect(doc, `${d.id}+${o.name}=${v}`).toContain(`\`${d.id}+${o.name}=${v}\``);
  });
});

describe('design data', () => {
  it('every design declares its breadcrumb kinds and invariant codes as data', () => {
    for (const d of DESIGNS) {
      expect(d.breadcrumbKinds).toBeTypeOf('object');
      expect(d.invariantCodes).toBeTypeOf('object');
    }
    expect(Object.keys(getDesign('driver-map')!.invariantCodes)).toEqual(['driver-record-stale']);
    expect(getDesign('domain-flag')!.invariantCodes['domain-flag-wrong'].summary).toMatch(/is_aux/);
  });

  it('on every library scenario, a design-specific code or breadcrumb kind shows up only under the design declaring it', () => {
    const owner = new Map<string, string>();
    for (const d of DESIGNS) for (const c of Object.keys(d.invariantCodes)) owner.set(c, d.id);
    const seen = new Set<string>();
    for (const f of libraryFiles()) {
      const { script } = parseScenario(libraryText(f));
      for (const id of script.header?.designs ?? []) {
        const d = getDesign(id)!;
        const run = runScenario(script, id);
        for (const e of run.entries) {
          for (const v of e.step?.violations ?? []) {
            if (owner.has(v.code)) seen.add(v.code);
            expect(owner.get(v.code) ?? id, `${f}: ${v.code} under ${id}`).toBe(id);
          }
          for (const b of d.breadcrumbs(e.machine)) expect(Object.keys(d.breadcrumbKinds), `${f}: ${b.kind}`).toContain(b.kind);
        }
      }
    }
    // The scenarios do trip every design's own invariant, so the check above is not vacuous.
    expect([...seen].sort()).toEqual([...owner.keys()].sort());
    // Runs the whole library under every design: seconds on a loaded machine.
  }, 60_000);
});
