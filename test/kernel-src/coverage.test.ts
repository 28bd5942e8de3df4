import { describe, expect, it } from 'vitest';
import { DESIGN_IDS } from '../../src/core';
import { DESIGN_SOURCES, PLAYGROUND_STEPS, sourceLink, TABLE } from '../../src/kernel-src';
import { signatureFunctions, traceFunctions } from '../../src/kernel-src/names';
import { libraryFiles, libraryText } from '../library';

const library = libraryFiles().map(libraryText);
const named = [...new Set([...signatureFunctions(), ...traceFunctions(library)])].sort();
const steps = new Set<string>(PLAYGROUND_STEPS);

describe('source links', () => {
  it('every function in the signatures and in any library trace has a table entry', () => {
    const missing = named.filter((fn) => !steps.has(fn) && !TABLE.functions[fn]);
    expect(missing).toEqual([]);
    expect(named.length).toBeGreaterThan(50);
  });

  it('every design lists its sources, and they exist in the table', () => {
    for (const d of DESIGN_IDS) {
      const own = DESIGN_SOURCES[d.split('+')[0]];
      expect(own, d).toBeDefined();
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

describe('own sources', () => {
  it('marks a link from another version as not the design’s own', () => {
    expect(sourceLink('iommu_attach_group', 'upstream-5.8')?.own).toBe(true);
    expect(sourceLink('iommu_attach_device_pasid', 'upstream-5.8')?.own).toBe(false);
    expect(sourceLink('iommu_attach_device_pasid', 'pasid-6.x')?.own).toBe(true);
  });
});
