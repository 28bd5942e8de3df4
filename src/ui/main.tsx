import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore, type Theme } from '../store';
import { encodeHash } from '../store/url';
import type { DesignId } from '../core';
import { App } from './App';
import { installBenchHook } from './bench-hook';
import { engine } from './engine';
import { bindKeyboard } from './keyboard';
import { LIBRARY } from './library';
import { StoreProvider } from './store-context';
import { bindUrl, initialScenario } from './url-sync';
import './styles.css';

const THEME_KEY = 'iommu-playground.theme';
const saved = localStorage.getItem(THEME_KEY);
const theme: Theme = saved === 'dark' || saved === 'light' ? saved : matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
const store = createAppStore(engine, { theme });

const first = initialScenario(LIBRARY[0]?.text ?? '');
const ids = engine.designIds as readonly string[];
store.getState().load(first.text, first.design && ids.includes(first.design) ? (first.design as DesignId) : null);
history.replaceState(null, '', encodeHash({ text: store.getState().text, design: store.getState().design }));
bindUrl(store);
bindKeyboard(store);

const applyTheme = (t: Theme) => {
  document.documentElement.dataset.theme = t;
  localStorage.setItem(THEME_KEY, t);
};
applyTheme(theme);
store.subscribe((s, p) => s.theme !== p.theme && applyTheme(s.theme));

if (new URLSearchParams(location.search).has('bench')) installBenchHook(store);

const share = () => {
  void navigator.clipboard?.writeText(location.href).catch(() => undefined);
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App onShare={share} />
    </StoreProvider>
  </StrictMode>,
);
