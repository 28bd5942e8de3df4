import { useShallow } from 'zustand/react/shallow';
import type { AppState } from '../store';
import { Editor } from './editor/Editor';
import { GraphView } from './graph/GraphView';
import { Header } from './Header';
import { HelpDialog } from './HelpDialog';
import { Inspector } from './panels/Inspector';
import { Outline } from './panels/Outline';
import { Timeline } from './panels/Timeline';
import { Trace } from './panels/Trace';
import { WhatChanged } from './panels/WhatChanged';
import { Splitter } from './Splitter';
import { useApp, useAppStore } from './store-context';
import { Notices } from './share/Notices';
import { Presenter } from './presenter/Presenter';
import { CompareApp } from './compare/CompareApp';
import { Tour } from './tour/Tour';

const selectLayout = (s: AppState) => ({ panels: s.panels, sideTab: s.sideTab, stale: s.stale });

export function App({ onShare }: { onShare: () => void }) {
  const store = useAppStore();
  const { panels, sideTab, stale } = useApp(useShallow(selectLayout));
  const style = { '--editor-w': `${panels.editor}px`, '--side-w': `${panels.side}px`, '--changes-h': `${panels.changes}px`, '--trace-h': `${panels.trace}px` } as React.CSSProperties;
  const mode = useApp((s) => s.mode);
  if (mode !== 'play')
    return (
      <div className="app">
        <Header onShare={onShare} />
        <CompareApp />
        <HelpDialog />
        <Notices />
        <Tour />
      </div>
    );
  return (
    <div className="app" data-stale={stale ? 'true' : undefined}>
      <Header onShare={onShare} />
      <div className="main" style={style}>
        <Editor />
        <Splitter label="Resize the editor" value={panels.editor} onChange={(v) => store.getState().setPanels({ editor: v })} sign={1} />
        <GraphView />
        <Splitter label="Resize the side panel" value={panels.side} onChange={(v) => store.getState().setPanels({ side: v })} sign={-1} />
        <aside className="side">
          <section className="panel inspector" aria-label="Inspector">
            <h2>
              <span className="tabs" role="tablist">
                <button type="button" role="tab" aria-selected={sideTab === 'inspector'} onClick={() => store.getState().setSideTab('inspector')}>Inspector</button>
                <button type="button" role="tab" aria-selected={sideTab === 'outline'} onClick={() => store.getState().setSideTab('outline')}>Outline</button>
              </span>
            </h2>
            <div className="scroll" role="tabpanel" tabIndex={0} aria-label={sideTab === 'inspector' ? 'Inspector' : 'Outline'}>{sideTab === 'inspector' ? <Inspector /> : <Outline />}</div>
          </section>
          <Splitter horizontal label="Resize the What changed panel" value={panels.changes} onChange={(v) => store.getState().setPanels({ changes: v })} sign={-1} min={60} max={700} />
          <WhatChanged />
          <Splitter horizontal label="Resize the kernel trace" value={panels.trace} onChange={(v) => store.getState().setPanels({ trace: v })} sign={-1} min={60} max={700} />
          <section className="panel" aria-label="Kernel trace">
            <h2>Kernel trace</h2>
            <div className="scroll" tabIndex={0} role="region" aria-label="Trace frames, scrollable"><Trace /></div>
          </section>
        </aside>
      </div>
      <Timeline />
      <HelpDialog />
      <Presenter />
      <Notices />
      <Tour />
    </div>
  );
}
