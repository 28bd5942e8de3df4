import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DESIGN_IDS } from '../../src/core';
import { PLAYGROUND_STEPS, sourceLink, sourcesOf, TABLE } from '../../src/kernel-src';
import { emittedLogFunctions, loggedFunction, signatureFunctions, traceFunctions } from '../../src/kernel-src/names';
import { libraryFiles, libraryText } from '../library';

const library = libraryFiles().map(libraryText);
const coreDir = join(__dirname, '../../src/core');
const coreTexts = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? coreTexts(join(d, e.name)) : e.name.endsWith('.ts') ? [readFileSync(join(d, e.name), 'utf8')] : []));
const logged = emittedLogFunctions(coreTexts(coreDir));
const named = [...new Set([...signatureFunctions(), ...traceFunctions(library), ...logged])].sort();
const steps = new Set<string>(PLAYGROUND_STEPS);

describe('source links', () => {
  it('every function in the signatures and in any library trace has a table entry', () => {
    const missing = named.filter((fn) => !steps.has(fn) && !TABLE.functions[fn]);
    expect(missing).toEqual([]);
    expect(named.length).toBeGreaterThan(50);
  });

  it('every design lists its sources, and they exist in the table', () => {
    for (const d of DESIGN_IDS) {
      const own = sourcesOf(d);
      expect(own.length, d).toBeGreaterThan(0);
      for (const s of own) expect(TABLE.sources[s], `${d}: ${s}`).toBeDefined();
    }
  });

  it('every named function links somewhere under every design (driver_get_* excepted)', () => {
    for (const d of DESIGN_IDS) {
      for (const fn of named) {
        const link = sourceLink(fn, d);
        if (fn === 'driver_get_domain' || fn === 'driver_get_pasid') expect(link).toBeNull();
        else expect(link?.href, `${fn} @${d}`).toMatch(/^https:\/\/(elixir\.bootlin\.com\/linux\/v[\d.]+\/source\/[\w/.-]+#L\d+|lore\.kernel\.org\/linux-iommu\/[^/\s]+\/)$/);
      }
    }
  });

  it('uses the version the design models: v5.8 for the aux era, v6.12 for pasid-6.x', () => {
    expect(sourceLink('iommu_attach_group', 'upstream-5.8')?.href).toBe(`https://elixir.bootlin.com/linux/v5.8/source/drivers/iommu/iommu.c#L${TABLE.functions.iommu_attach_group['v5.8'].line}`);
    expect(sourceLink('iommu_attach_group', 'pasid-6.x')?.href).toContain('/linux/v6.12/source/drivers/iommu/iommu.c#L');
    expect(sourceLink('iommu_attach_group', 'driver-map+some-option')?.href).toContain('/v5.8/');
    expect(sourceLink('iommu_aux_attach_group', 'v3-group-flag')?.href).toBe('https://lore.kernel.org/linux-iommu/20200714055703.5510-3-baolu.lu@linux.intel.com/');
    expect(sourceLink('iommu_attach_subdev_group', 'driver-map')?.label).toMatch(/^v4 2\/5 drivers\/iommu\/iommu\.c:\d+$/);
    // A function the design lacks still links, and says it is not the design's own.
    expect(sourceLink('iommu_attach_device_pasid', 'upstream-5.8')?.title).toMatch(/not in upstream-5\.8's own sources/);
    expect(sourceLink('vfio_attach_group', 'domain-flag')?.title).toMatch(/playground step standing for vfio_iommu_type1_attach_group/);
  });

  it('records where each tree and mail was read', () => {
    for (const [id, s] of Object.entries(TABLE.sources)) expect(s.readFrom, id).toMatch(/@[0-9a-f]{40}/);
    expect(TABLE.sources['v5.8']).toMatchObject({ kind: 'tree', tag: 'v5.8' });
    expect(TABLE.sources['v6.12']).toMatchObject({ kind: 'tree', tag: 'v6.12' });
  });
});

describe('WARN and OOPS lines', () => {
  it('name a function that has a link: the ones the issue lists, and every one the emulator can print', () => {
    for (const fn of ['__domain_mapping', '__iommu_remove_group_pasid', '__iommu_detach_group', 'domain_unmap', 'intel_iommu_remove_dev_pasid', 'domain_exit', 'cache_tag_unassign_domain'])
      expect(logged.has(fn), fn).toBe(true);
    for (const fn of logged) expect(TABLE.functions[fn], fn).toBeDefined();
  });

  it('reads the function out of each kind of line', () => {
    expect(loggedFunction('WARNING: at drivers/iommu/intel/iommu.c:__domain_mapping: WARN_ON(1)')).toBe('__domain_mapping');
    expect(loggedFunction('BUG: kernel NULL pointer dereference — RIP: __iommu_remove_group_pasid (x)')).toBe('__iommu_remove_group_pasid');
    expect(loggedFunction('kernel BUG at drivers/iommu/intel/iommu.c: domain_unmap: BUG_ON(…)')).toBe('domain_unmap');
    expect(loggedFunction('WARNING: at lib/refcount.c: refcount_t: underflow')).toBeNull();
  });

  it('under pasid-6.x, no WARN the emulator prints there names a function v6.12 lacks', () => {
    // intel_iommu_remove_dev_pasid's WARN used to name domain_remove_dev_pasid, which v6.12 does not have.
    expect(TABLE.functions.domain_remove_dev_pasid).toBeUndefined();
    expect(sourceLink('intel_iommu_remove_dev_pasid', 'pasid-6.x')?.own).toBe(true);
    expect(sourceLink('__iommu_remove_group_pasid', 'pasid-6.x')?.own).toBe(true);
  });
});

describe('own sources', () => {
  it('marks a link from another version as not the design’s own', () => {
    expect(sourceLink('iommu_attach_group', 'upstream-5.8')?.own).toBe(true);
    expect(sourceLink('iommu_attach_device_pasid', 'upstream-5.8')?.own).toBe(false);
    expect(sourceLink('iommu_attach_device_pasid', 'pasid-6.x')?.own).toBe(true);
  });
});

describe('what a link says', () => {
  it('a patch link says its line number counts from the patch author tree', () => {
    expect(sourceLink('iommu_aux_attach_group', 'v3-group-flag')?.title).toMatch(/counted from the patch author's tree/);
  });

  it("under pasid-6.x a v5.8-only frame says plainly that it is v5.8's code", () => {
    const l = sourceLink('vfio_group_set_container', 'pasid-6.x');
    expect(l?.href).toContain('/v5.8/');
    expect(l?.title).toMatch(/this is v5\.8's code: .*vfio_group_ioctl_set_container/);
    expect(sourceLink('vfio_group_set_container', 'upstream-5.8')?.title).not.toMatch(/this is v5\.8's code/);
    expect(sourceLink('vfio_iommu_attach_group', 'pasid-6.x')?.title).toMatch(/this is v5\.8's code: .*vfio_iommu_type1_attach_group .* calls iommu_attach_group/);
    // type1's entry point exists in v6.12 and links there.
    expect(sourceLink('vfio_iommu_type1_attach_group', 'pasid-6.x')?.href).toContain('/v6.12/source/drivers/vfio/vfio_iommu_type1.c#L');
  });
});
