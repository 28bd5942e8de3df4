/** What the page shows below the header in the compare, matrix and search modes. */
import { CompareView } from './CompareView';
import { useCompareMode } from './compare-store';
import { MatrixView } from './MatrixView';
import { SearchPanel } from './SearchPanel';

export function CompareApp() {
  const mode = useCompareMode();
  return <main className="cmp-main">{mode === 'matrix' ? <MatrixView /> : mode === 'search' ? <SearchPanel /> : <CompareView />}</main>;
}
