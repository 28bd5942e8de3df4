/** Explains every mark of the graph. */
const EDGES: [string, string][] = [
  ['domain', 'primary attach: group → its current domain'],
  ['default_domain', 'group → its default domain'],
  ['aux', 'aux attach: domain → device, labelled with its PASID'],
  ['pasid_array', "group's pasid_array entry → domain, labelled PASID"],
  ['pasid', 'allocated PASID → its owner'],
  ['iommu_device', 'mdev → its iommu_device (parent)'],
  ['container', 'vfio container owns: its domains and groups'],
  ['breadcrumb', "the design's breadcrumb (⚑) → what it points at"],
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
        <li style={{ display: 'contents' }}><span aria-hidden="true">░</span><span>faint object: gone in this step (its ghost, for one step)</span></li>
        <li style={{ display: 'contents' }}><span aria-hidden="true">↹</span><span>hover or focus (Tab) a line to read what it is</span></li>
      </ul>
    </details>
  );
}
