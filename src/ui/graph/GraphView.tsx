import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AppState } from '../../store';
import { useApp, useAppStore } from '../store-context';
import { GraphCanvas, type GraphHandle } from './GraphCanvas';
import { useScene } from './use-scene';
import { Legend } from './Legend';
import { Offers } from './Offers';
import { cardSide, focusOf, PRESENT_MAX_K, PRESENT_MIN_K } from '../presenter/placement';

const selectView = (s: AppState) => ({ fitRequest: s.fitRequest, textVersion: s.textVersion, design: s.design, errors: s.errors.length, presenting: s.presenting, cursor: s.cursor });

/** The playground's graph: the shared renderer plus the legend, the tools and the offers. */
export function GraphView() {
  const store = useAppStore();
  const { scene, overview, focus } = useScene();
  const { fitRequest, textVersion, design, errors, presenting, cursor } = useApp(useShallow(selectView));
  const handle = useRef<GraphHandle>(null);
  // The presenter: text of at least 16 px, the view following what each step changed.
  const fitOptions = useMemo(
    () => (presenting && scene ? { maxK: PRESENT_MAX_K, minK: PRESENT_MIN_K, top: 0, focus: focusOf([...scene.groups, ...scene.nodes]) } : undefined),
    [presenting, scene],
  );
  const side = presenting && scene ? cardSide(scene.bounds, window.innerWidth, window.innerHeight) : null;
  useEffect(() => {
    if (side) document.documentElement.dataset.presentCard = side;
    else delete document.documentElement.dataset.presentCard;
  }, [side]);
  const empty = !scene || scene.nodes.length + scene.groups.length + (scene.tiles?.length ?? 0) === 0;
  // A new scenario opens on its overview (a large one) or its whole picture.
  useEffect(() => store.getState().setFocus(null), [store, textVersion]);
  return (
    <section className="panel graph-panel" aria-label="Machine graph">
      <GraphCanvas
        scene={scene}
        fitKey={`${textVersion}|${design}|${fitRequest}${presenting ? `|${cursor}` : ''}`}
        fitOptions={fitOptions}
        ariaLabel="Graph of devices, groups, domains and PASIDs; the outline tab lists the same objects"
        onSelect={(id, add) => store.getState().select(id, add)}
        onTile={(id) => store.getState().setFocus(id)}
        onPin={(moves) => store.getState().pin(moves)}
        onZoomEnd={(t) => store.getState().setZoom(t)}
        initialZoom={store.getState().zoom}
        handle={handle}
      />
      {empty && (
        <div className="graph-empty">
          {errors ? 'Nothing to draw: the scenario has syntax errors (see the editor).' : 'Nothing declared yet: pick a scenario from the library, or declare devices in the editor (pci P1 pasids=1048576 siov).'}
        </div>
      )}
      <Legend />
      {overview && <div className="graph-note">Overview: a tile per parent (mdevs · attached→domain · aux domains, PASIDs); click one for detail</div>}
      {focus && (
        <button type="button" className="graph-back" onClick={() => store.getState().setFocus(null)}>
          ← Overview ({focus})
        </button>
      )}
      <div className="graph-tools">
        <button type="button" onClick={() => handle.current?.zoomBy(1.25)} aria-label="Zoom in">+</button>
        <button type="button" onClick={() => handle.current?.zoomBy(0.8)} aria-label="Zoom out">−</button>
        <button type="button" onClick={() => store.getState().requestFit()}>Fit</button>
        <button type="button" onClick={() => store.getState().clearPins()} title="Put dragged objects back">Reset</button>
      </div>
      <Offers />
    </section>
  );
}
