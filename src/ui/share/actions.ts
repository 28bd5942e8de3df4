/**
 * What the share menu, the keys and drag-and-drop do: copy a share link, open a link, open
 * and save files, export the trace, a vitest test and the graph. Every input is checked
 * before it reaches the store; a refusal is a notice and leaves the current work as it was.
 */
import { canonicalDesign, type DesignId } from '../../core';
import { MODES, selectRun, type AppStore, type Mode } from '../../store';
import { SAME_LEVELS, type SameLevel } from '../../compare';
import { encodeHash } from '../../share/hash';
import { decodeShare, encodeShare, isShareHash, type ShareState } from '../../share/codec';
import { runToKernelLog } from '../../share/kernel-log';
import { formatSize } from '../../share/limits';
import { MAX_FILE_BYTES, openFile, titleOf } from '../../share/open-file';
import { scenarioToVitest, slug } from '../../share/vitest-export';
import type { Replacing } from '../url-sync';
import { download } from './download';
import { exportPng, exportSvg } from './graph-export';

const baseName = (store: AppStore) => store.getState().fileName?.replace(/\.[^.]*$/, '') ?? slug(titleOf(store.getState().text));

/** Loads a decoded link: its text, the first design this build knows, its step. */
export function loadShared(store: AppStore, st: ShareState): void {
  const s = store.getState();
  // A variant (`driver-map+present-check=off`) opens as that variant; an unknown name is said.
  const design = st.designs.map(canonicalDesign).find((d) => d !== null) ?? null;
  const c = st.compare;
  if (c) {
    const compared = c.designs.map(canonicalDesign).filter((d): d is DesignId => d !== null);
    if (compared.length >= 2) s.setCompareDesigns(compared);
    if (c.level && (SAME_LEVELS as readonly string[]).includes(c.level)) s.setLevel(c.level as SameLevel);
  }
  s.load(st.text, design, { cursor: st.step ?? 0 });
  if (c?.mode && (MODES as readonly string[]).includes(c.mode)) store.getState().setMode(c.mode as Mode);
  const unknown = st.designs.filter((d) => canonicalDesign(d) === null);
  if (unknown.length) store.getState().notify({ kind: 'info', topic: 'link-design', text: `This link names design ${unknown.join(', ')}, which this playground does not have; it opened under ${store.getState().design}.` });
}

export async function shareLink(store: AppStore): Promise<string> {
  const s = store.getState();
  // In a comparison view the link carries it: the compared designs, the view and the level.
  const compare = s.mode === 'play' ? null : { mode: s.mode, designs: s.compare.designs, level: s.compare.level };
  const hash = await encodeShare({ text: s.text, designs: [s.design], step: s.cursor, compare });
  const url = `${location.origin}${location.pathname}${location.search}${hash}`;
  let copied: boolean;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    copied = false;
  }
  store.getState().notify({
    kind: 'info',
    topic: 'link',
    text: copied
      ? `Link copied (${url.length} characters): scenario, design ${s.design}${compare ? `, the ${s.mode} view of ${compare.designs.join(', ')}` : ''} and step ${s.cursor}. Zoom, theme and panel sizes stay out.`
      : 'Copy this link (the clipboard is not available here): it holds the scenario, the design and the step.',
    field: url,
  });
  return url;
}

/**
 * A hash the user navigated to (pasted link, Back): opens it here, so that v1 links decode,
 * size limits apply and a bad link becomes a message. Returns false for hashes it leaves alone.
 */
export function openLinkHash(store: AppStore, replacingHistory: Replacing) {
  return (hash: string): boolean => {
    if (!isShareHash(hash)) return false;
    void decodeShare(hash).then((r) => {
      if (location.hash !== hash) return; // navigated on meanwhile
      if (r.ok) {
        const s = store.getState();
        if (r.state.text === s.text && (r.state.designs[0] ?? s.design) === s.design && r.state.step === null) return;
        replacingHistory(() => loadShared(store, r.state));
        return;
      }
      store.getState().notify({ kind: 'error', topic: 'link', text: `${r.message} Your current scenario is unchanged.` });
      const s = store.getState();
      history.replaceState(null, '', encodeHash({ text: s.text, design: s.design }));
    });
    return true;
  };
}

/**
 * The file's bytes, at most one past the limit: a file's size can lie (a device or a special
 * file such as /dev/zero reports 0 and never ends), so reading stops there and openFile refuses
 * it as too large, instead of the tab reading forever.
 */
async function readBytes(file: File): Promise<Uint8Array> {
  if (file.size > MAX_FILE_BYTES) return new Uint8Array(MAX_FILE_BYTES + 1);
  const reader = file.stream().getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    n += value.length;
    if (n > MAX_FILE_BYTES) {
      await reader.cancel();
      break;
    }
  }
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Opens a file (picked or dropped): a scenario, or an image exported by the playground. */
export async function openScenarioFile(store: AppStore, file: File): Promise<boolean> {
  const { runner } = store.getState();
  const r = openFile(file.name, await readBytes(file), (text) => {
    const p = runner.parse(text);
    return { statements: p.script?.stmts.filter((x) => x.kind !== 'note').length ?? 0, errors: p.errors };
  });
  if (!r.ok) {
    store.getState().notify({ kind: 'error', topic: 'file', text: `${r.message} Your current scenario is unchanged.` });
    return false;
  }
  store.getState().load(r.text, canonicalDesign(r.design));
  store.getState().setFileName(r.from === 'text' ? file.name : null);
  store.getState().notify({ kind: 'info', topic: 'file', text: `Opened ${r.from === 'text' ? '' : 'the scenario embedded in '}"${file.name}" (${formatSize(r.text.length)}).` });
  return true;
}

export function saveScn(store: AppStore): void {
  download(`${baseName(store)}.scn`, store.getState().text, 'text/plain;charset=utf-8');
}

export function exportTrace(store: AppStore): void {
  const s = store.getState();
  const run = selectRun(s);
  if (!run) {
    store.getState().notify({ kind: 'error', topic: 'export', text: 'Nothing to export: the scenario has not run (see the errors in the editor).' });
    return;
  }
  download(`${baseName(store)}.${run.design}.log`, runToKernelLog(run, { title: titleOf(s.text) }), 'text/plain;charset=utf-8');
}

export function exportTest(store: AppStore): void {
  const s = store.getState();
  const name = baseName(store);
  download(`${name}.test.ts`, scenarioToVitest(s.text, { title: titleOf(s.text) || name, design: s.design }), 'text/plain;charset=utf-8');
}

export async function exportGraph(store: AppStore, kind: 'svg' | 'png'): Promise<void> {
  const s = store.getState();
  try {
    const data = kind === 'svg' ? exportSvg(store) : await exportPng(store);
    download(`${baseName(store)}.${s.design}.${kind}`, data as BlobPart, kind === 'svg' ? 'image/svg+xml' : 'image/png');
  } catch (e) {
    store.getState().notify({ kind: 'error', topic: 'export', text: `The graph could not be exported: ${e instanceof Error ? e.message : String(e)}` });
  }
}
