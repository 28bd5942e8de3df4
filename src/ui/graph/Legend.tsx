/** Explains every mark of the graph. */
const EDGES: [string, string][] = [
  ['domain', 'group → its current domain'],
  ['default_domain', 'group → its default domain'],
  ['iommu_device', 'mdev → its iommu_device (parent)'],
  ['aux', 'aux/PASID attachment: domain → parent, labelled PASID'],
  ['pasid_array', "group's pasid_array entry → domain"],
  ['pasid', 'allocated PASID → its owner'],
  ['breadcrumb', "the design's breadcrumb (⚑) → what it points at"],
  ['container', 'vfio container → its domains and groups'],
];
const NODES: [string, string][] = [
  ['pci', 'PCI device (parent)'],
  ['mdev', 'mdev'],
  ['domain', 'IOMMU domain (type shown)'],
  ['pasid', 'PASID'],
  ['container', 'VFIO container'],
];

export function Legend() {
  return (
    <details className="legend">
      <summary>Legend</summary>
      <ul>
        {NODES.map(([k, t]) => (
          <li key={k} style={{ display: 'contents' }}>
            <svg aria-hidden="true" viewBox="0 0 34 16"><g className="g-node" data-kind={k}><rect x="2" y="2" width="30" height="12" /></g></svg>
            <span>{t}</span>
          </li>
        ))}
        <li style={{ display: 'contents' }}>
          <svg aria-hidden="true" viewBox="0 0 34 16"><g className="g-group"><rect className="box" x="2" y="2" width="30" height="12" /></g></svg>
          <span>IOMMU group (dashed box around its devices)</span>
        </li>
        {EDGES.map(([k, t]) => (
          <li key={k} style={{ display: 'contents' }}>
            <svg aria-hidden="true" viewBox="0 0 34 16"><g className="g-edge" data-edge-kind={k}><path d="M2,8 L32,8" /></g></svg>
            <span>{t}</span>
          </li>
        ))}
        <li style={{ display: 'contents' }}><span aria-hidden="true">▭</span><span>yellow outline: changed in this step</span></li>
        <li style={{ display: 'contents' }}><span aria-hidden="true">⚠</span><span>kernel WARN, or an invariant violated (code shown)</span></li>
        <li style={{ display: 'contents' }}><span aria-hidden="true">☠</span><span>kernel OOPS</span></li>
        <li style={{ display: 'contents' }}><span aria-hidden="true">- -</span><span>dashed object: freed/released but still pointed at</span></li>
      </ul>
    </details>
  );
}
