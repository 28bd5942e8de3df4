import { createRoot } from 'react-dom/client';

function Placeholder() {
  return <main><h1>IOMMU Playground</h1><p>The emulation core is headless for now: run <code>npm run check</code>.</p></main>;
}

createRoot(document.getElementById('root')!).render(<Placeholder />);
