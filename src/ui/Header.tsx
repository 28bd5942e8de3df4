import { useCallback } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DesignId } from '../core';
import type { AppState } from '../store';
import { LIBRARY } from './library';
import { useApp, useAppStore } from './store-context';
import { ShareMenu } from './share/ShareMenu';
import { ModeTabs } from './compare/ModeTabs';
import { VariantField } from './VariantField';
import { followScenario } from './compare/follow';

const selectHeader = (s: AppState) => ({
  design: s.design,
  designs: s.designs,
  runs: s.runs,
  theme: s.theme,
  text: s.text,
  ids: s.engine.designIds,
});

/** Title, scenario library, design picker (with each header design's pass/fail), theme, help. */
export function Header({ onShare }: { onShare: () => void }) {
  const store = useAppStore();
  const { design, designs, runs, theme, text, ids } = useApp(useShallow(selectHeader));
  const current = LIBRARY.find((e) => e.text === text);
  const act = store.getState();
  const pickDesign = useCallback((id: DesignId) => store.getState().setDesign(id), [store]);
  return (
    <header className="top">
      <h1>IOMMU Playground</h1>
      <ModeTabs />
      <label>
        Scenario
        <select
          className="library-select"
          aria-label="Scenario library"
          // The closed picker has room for the name only: the description shows on hover.
          title={current ? `${current.id} — ${current.description}` : 'Your own scenario (not one of the library)'}
          value={current?.id ?? ''}
          onChange={(e) => {
            const entry = LIBRARY.find((x) => x.id === e.target.value);
            if (!entry) return;
            act.load(entry.text);
            followScenario(store, entry.text);
          }}
        >
          {!current && <option value="">(your scenario)</option>}
          {LIBRARY.map((e) => (
            <option key={e.id} value={e.id} title={e.description}>
              {e.id} — {e.description}
            </option>
          ))}
        </select>
      </label>
      {/* Badges and actions wrap as two blocks, right-aligned: a variant chip or a narrow window
          used to leave a lone "?" or "Link" on a row of its own. */}
      <div className="header-right">
      <div className="design-badges" role="group" aria-label="Design">
        {/* The registered designs, then the variants in play (named in the header or picked). */}
        {[...ids, ...[...new Set([...designs, design])].filter((d) => !ids.includes(d))].map((id: DesignId) => {
          const inHeader = designs.includes(id);
          // The runner also runs the compared designs; a badge shows the header's and the shown one.
          const r = inHeader || id === design ? runs[id] : undefined;
          return (
            <button
              key={id}
              type="button"
              aria-pressed={id === design}
              data-design={id}
              onClick={() => act.setDesign(id)}
              title={inHeader ? `${id}: ${r ? `${r.passed} passed, ${r.failed} failed` : ''}` : `${id} (not in the scenario's design: line)`}
              style={inHeader ? undefined : { opacity: 0.75 }}
            >
              {id}
              {r && (r.failed ? <span className="badge-bad"> ✗{r.failed}</span> : r.passed ? <span className="badge-ok"> ✓{r.passed}</span> : null)}
            </button>
          );
        })}
        <VariantField onPick={pickDesign} />
      </div>
      <div className="header-actions">
      <button type="button" onClick={onShare} title="Copy a link with this scenario, design and step (Ctrl+S)" aria-keyshortcuts="Control+S Meta+S">Link</button>
      <ShareMenu />
      <button type="button" onClick={() => act.setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
        {theme === 'dark' ? '☀' : '☾'}
      </button>
      <button type="button" onClick={() => act.setHelp(true)} aria-label="Keyboard shortcuts" aria-keyshortcuts="? h">?</button>
      </div>
      </div>
    </header>
  );
}
