import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppState, AppStore } from '../store';
import { createSearchRunner, type SearchRunner } from './compare/search-runner';

const StoreContext = createContext<AppStore | null>(null);
const SearchContext = createContext<SearchRunner | null>(null);

/** The store, and the objects with state of their own made once per store (the search's Worker and handlers). */
export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  const [search, setSearch] = useState(() => ({ store, runner: createSearchRunner(store) }));
  // A new store gets its own search runner (made lazily: no Worker until a search starts).
  if (search.store !== store) setSearch({ store, runner: createSearchRunner(store) });
  return (
    <StoreContext.Provider value={store}>
      <SearchContext.Provider value={search.runner}>{children}</SearchContext.Provider>
    </StoreContext.Provider>
  );
}

/** The store's search runner (compare/search-runner.ts). */
export function useSearchRunner(): SearchRunner {
  const r = useContext(SearchContext);
  if (!r) throw new Error('useSearchRunner outside <StoreProvider>');
  return r;
}

export function useAppStore(): AppStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('useAppStore outside <StoreProvider>');
  return s;
}

/** Reads the app store through a module-level selector (wrap with useShallow when it builds objects). */
export function useApp<T>(selector: (s: AppState) => T): T {
  return useStore(useAppStore(), selector);
}
