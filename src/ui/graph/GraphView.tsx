import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { AppState } from '../../store';
import { useApp, useAppStore } from '../store-context';
import { GraphCanvas, type GraphHandle } from './GraphCanvas';
import { useScene } from './use-scene';
import { Legend } from './Legend';
import { Offers } from './Offers';
import { idsOfEntry, linesOfObject } from '../linking';
import { frameAt, selectRun } from '../../store/selectors';
import type { Graph } from '../../derive/graph-types';
import { familyOfObject } from '../../derive/overview';
import { useHeldErrors } from '../editor/use-held-errors';

/** The overview's tiles stand for families: a linked object lights its parent's tile. */
function tilesOf(g: Graph | null, ids: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (!g) return out;
  const parentOf = new Map<string, string>();
  for (const n of g.nodes) if (n.kind === 'pci' || n.kind === 'mdev') parentOf.set(n.id, n.kind === 'pci' ? n.id : (n.parent ?? n.id));
  for (const n of g.nodes) {
    const p = parentOf.get(n.id);
    if (p && (ids.has(n.id) || (n.group && ids.has(n.group)))) out.add(p);
  }
  return out;
}

/** Marks the linked objects (src/ui/linking.ts) in the drawn picture: after every draw and every change of the link. */
function useLinkedMarks(root: React.RefObject<HTMLElement | null>, graph: Graph | null, deps: unknown) {
  const linked = useApp((s) => s.linked);
  useLayoutEffect(() => {
    const el = root.current;
    if (!el) return;
    const ids = new Set(linked && linked.from !== 'graph' ? linked.ids : []);
    const tiles = ids.size && el.querySelector('.g-tile') ? tilesOf(graph, ids) : new Set<string>();
    for (const n of el.querySelectorAll('svg g.g-node[data-node-id], svg g.g-group[data-node-id], svg g.g-tile[data-node-id]')) {
      const id = n.getAttribute('data-node-id')!;
      if (ids.has(id) || tiles.has(id)) n.setAttribute('data-linked', 'true');
      else n.removeAttribute('data-linked');
    }
  }, [linked, graph, deps, root]);
}

import { cardSide, PRESENT_MAX_K, PRESENT_MIN_K, stepFocus } from '../presenter/placement';

const selectErrors = (s: AppState) => s.errors;
const selectView = (s: AppState) => ({ fitRequest: s.fitRequest, textVersion: s.textVersion, design: s.design, stale: s.stale, presenting: s.presenting, cursor: s.cursor });

/** The playground's graph: the shared renderer plus the legend, the tools and the offers. */
export function GraphView() {
  const store = useAppStore();
  const { scene, overview, focus, graph } = useScene();
  const panel = useRef<HTMLElement>(null);
  useLinkedMarks(panel, graph, scene);
  const [find, setFind] = useState('');
  const [findMsg, setFindMsg] = useState('');
  const pendingZoom = useRef<string | null>(null);
  // The suggestions, rebuilt only when the names change (not on every step of a 2,000-object machine).
  const nameList = graph ? graph.nodes.map((n) => n.id).join('\n') : '';
  const names = useMemo(
    () => (
      <datalist id="graph-find-names">
        {nameList.split('\n').filter(Boolean).map((id) => <option key={id} value={id} />)}
      </datalist>
    ),
    [nameList],
  );
  /** The find box: selects the object of that name and brings it into view (opening its tile on the overview). */
  const jump = (name: string): boolean => {
    const q = name.trim();
    const g = graph;
    if (!g || !q) return false;
    const n = g.nodes.find((x) => x.id === q) ?? g.nodes.find((x) => x.id.toLowerCase() === q.toLowerCase());
    if (!n) {
      setFindMsg(`No object “${q}” at this step`);
      return false;
    }
    setFindMsg('');
    const big = overview || focus !== null;
    if (big) {
      const fam = familyOfObject(g, n.id);
      if (fam && fam !== focus) store.getState().setFocus(fam);
      else if (!fam) setFindMsg(`${n.id} belongs to no parent's tile: selected (see the Outline)`);
    }
    store.getState().select(n.id);
    pendingZoom.current = n.id;
    return true;
  };
  useEffect(() => {
    const id = pendingZoom.current;
    if (!id || !scene) return;
    const hit = [...scene.nodes, ...scene.groups].find((x) => x.node.id === id);
    if (!hit) return;
    pendingZoom.current = null;
    const b = hit.box;
    handle.current?.zoomTo({ x: b.x - 240, y: b.y - 160, w: b.w + 480, h: b.h + 320 });
  }, [scene]);
  // A hovered or focused object marks the editor lines that touched it.
  const hover = (t: EventTarget | null) => {
    const el = t instanceof Element ? t.closest('svg [data-node-id]') : null;
    const id = el?.getAttribute('data-node-id');
    if (id) store.getState().setLinked({ from: 'graph', ids: [id], lines: linesOfObject(store, id) });
    else store.getState().setLinked(null, 'graph');
  };
  const { fitRequest, textVersion, design, stale, presenting, cursor } = useApp(useShallow(selectView));
  // The label's message follows the editor's: a half-typed line's error waits for a pause.
  const allErrors = useApp(selectErrors);
  const firstError = useHeldErrors(allErrors)[0] ?? null;
  // The same element while `find` is unchanged, so React leaves the input alone when a result
  // lands: React 19 writes an input's `type` and `name` on every update, and each write is a
  // style change, hence a frame, after every key typed in the editor (typing round nine).
  const latest = useRef({ graph, jump });
  useEffect(() => {
    latest.current = { graph, jump };
  });
  const findInput = useMemo(
    () => (
      <input
        type="search"
        aria-label="Find object"
        placeholder="Find object…"
        list="graph-find-names"
        value={find}
        onChange={(e) => {
          setFind(e.target.value);
          setFindMsg('');
          // A name picked from the suggestions jumps at once.
          if (latest.current.graph?.nodes.some((n) => n.id === e.target.value) && (e.nativeEvent as InputEvent).inputType === undefined) latest.current.jump(e.target.value);
        }}
      />
    ),
    [find],
  );
  const handle = useRef<GraphHandle>(null);
  // The presenter: text of at least 16 px, the view following what each step changed.
  const fitOptions = useMemo(
    () => {
      if (!presenting || !scene) return undefined;
      // What the step is about: what it created, changed or freed (the scene's marks) and the
      // objects its call named (a query such as driver_get_domain(m2) changes nothing).
      const s = store.getState();
      const entry = frameAt(selectRun(s), cursor).entry;
      const named = entry?.step ? idsOfEntry(entry, null) : [];
      const f = stepFocus([...scene.groups, ...scene.nodes], scene.edges, named);
      return { maxK: PRESENT_MAX_K, minK: PRESENT_MIN_K, top: 0, focus: f?.must ?? null, around: f?.around ?? null };
    },
    [presenting, scene, cursor, store],
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
    <section
      className="panel graph-panel"
      aria-label="Machine graph"
      ref={panel}
      onPointerOver={(e) => hover(e.target)}
      onPointerLeave={() => store.getState().setLinked(null, 'graph')}
      onFocus={(e) => hover(e.target)}
      onBlur={() => store.getState().setLinked(null, 'graph')}
    >
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
          {allErrors.length > 0 ? 'Nothing to draw: the scenario has syntax errors (see the editor).' : 'Nothing declared yet: pick a scenario from the library, or declare devices in the editor (pci P1 pasids=1048576 siov).'}
        </div>
      )}
      {stale && !empty && (
        <div className="stale-label" role="status">
          Showing the last run that parsed{firstError ? ` (line ${firstError.line}: ${firstError.message})` : ''}: fix the text to run it again.
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
      <form
        className="graph-find"
        onSubmit={(e) => {
          e.preventDefault();
          jump(find);
        }}
      >
        {findMsg && <span className="find-msg" role="status">{findMsg}</span>}
        {findInput}
        {names}
      </form>
      <Offers />
    </section>
  );
}
