/** What the page shows below the header in the compare, matrix and search modes. */
import { CompareView } from './CompareView';
import { ComparePresenter } from './ComparePresenter';
import { useApp } from '../store-context';
import { MatrixView } from './MatrixView';
import { SearchPanel } from './SearchPanel';

export function CompareApp() {
  const mode = useApp((s) => s.mode);
  return (
    <main className="cmp-main">
      {mode === 'matrix' ? <MatrixView /> : mode === 'search' ? <SearchPanel /> : <CompareView />}
      {mode !== 'matrix' && <ComparePresenter />}
    </main>
  );
}
