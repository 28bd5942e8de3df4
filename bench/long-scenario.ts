/** The typing benchmarks' document (no browser imports: the floor page bundles it). */
const DESIGNS = ['upstream-5.8', 'v3-group-flag', 'domain-flag', 'driver-map', 'pasid-6.x'];

/** 3,000 lines: the 64 × 16 machine, AUX on 8 parents, 24 groups in a container, then queries. */
export function longScenario(lines = 3000): string {
  const l = ['# typing benchmark: 64 parents x 16 mdevs', `design: ${DESIGNS.join(', ')}`];
  for (let p = 0; p < 64; p++) l.push(`pci P${p} pasids=1048576 siov`);
  for (let m = 0; m < 1024; m++) l.push(`mdev m${m} parent=P${m % 64}`);
  l.push('container C');
  for (let p = 0; p < 8; p++) l.push(`iommu_dev_enable_feature(P${p}, IOMMU_DEV_FEAT_AUX)`);
  for (let m = 0; m < 24; m++) l.push(`vfio_attach_group(C, G_m${(m * 41) % 1024})`);
  for (let i = 0; l.length < lines; i++) l.push(`iommu_get_domain_for_dev(m${(i * 7) % 1024})`);
  return `${l.join('\n')}\n`;
}
