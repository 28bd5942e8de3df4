import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore, type Theme } from '../store';
import { App } from './App';
import { installBenchHook } from './bench-hook';
import { engine } from './engine';
import { runWorker } from '../runner/worker-host';
import { bindKeyboard } from './keyboard';
import { typingGate } from './editor/typing-gate';
import { LIBRARY } from './library';
import { StoreProvider } from './store-context';
import { bindUrl } from './url-sync';
import { boot } from './persist/boot';
import { readSaved } from './persist/saved';
import { isFirstVisit, openTour } from './tour/state';
import { readItem, writeItem } from './persist/storage';
import { openLinkHash, shareLink } from './share/actions';
import { bindShareInputs } from './share/bindings';
import './styles.css';
import './share/share.css';

const THEME_KEY = 'iommu-playground.theme';
const savedTheme = readItem(THEME_KEY);
const saved = savedTheme.ok ? savedTheme.value : null;
const theme: Theme = saved === 'dark' || saved === 'light' ? saved : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
// Long scenarios parse and run in a Worker (src/runner): typing never waits, and their results
// land in a pause of typing (typing-gate.ts).
const store = createAppStore(engine, { theme, runner: { remote: runWorker() }, sim: { landLater: (fn) => void setTimeout(fn, 0), gate: typingGate.gate } });

// A first visit (decided before boot saves anything) gets the guided tour (src/ui/tour).
const firstVisit = isFirstVisit(location.search, location.hash, readSaved().kind !== 'none');
// The link, the autosaved scenario or the library's first (src/ui/persist/boot.ts).
await boot(store, LIBRARY);
if (firstVisit) openTour();
bindUrl(store, (replacing) => openLinkHash(store, replacing));
bindShareInputs(store);
bindKeyboard(store);

const applyTheme = (t: Theme) => {
  document.documentElement.dataset.theme = t;
  writeItem(THEME_KEY, t);
};
applyTheme(theme);
store.subscribe((s, p) => s.theme !== p.theme && applyTheme(s.theme));

if (new URLSearchParams(location.search).has('bench')) installBenchHook(store);

const share = () => {
  void shareLink(store);
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App onShare={share} />
    </StoreProvider>
  </StrictMode>,
);
