/**
 * What is saved, under three localStorage keys (IndexedDB holds the same keys when
 * localStorage is full, see autosave.ts):
 *   - `iommu-playground.autosave`: the scenario being worked on, `{v:2, current}`;
 *   - `iommu-playground.autosave.running`: present while a run of it is under way (a page that
 *     died running it does not run it again on the next visit);
 *   - `iommu-playground.kept`: the texts a load replaced, newest first (the history).
 * Validated on read: anything that does not match is reported as corrupt, never half-used.
 * A v1 record (`{v:1, current, kept}`, one kept slot) is read too; its kept text joins the history.
 */
import { MAX_SCENARIO_CHARS } from '../../share/limits';
import { readItem, removeItem, writeItem } from './storage';

export const AUTOSAVE_KEY = 'iommu-playground.autosave';
export const CORRUPT_KEY = 'iommu-playground.autosave.corrupt';
export const RUNNING_KEY = 'iommu-playground.autosave.running';
export const KEPT_KEY = 'iommu-playground.kept';
/** The history keeps this many texts (the issue asks for at least 10). */
export const KEPT_MAX = 12;

export interface Draft {
  readonly text: string;
  readonly design: string;
  /** ms since the epoch. */
  readonly savedAt: number;
  /** The tab that wrote it (a random id per page load), to tell another tab's save from ours. */
  readonly tab?: string;
}

export interface Saved {
  readonly current: Draft | null;
  /** Only from a v1 record: its single kept text, moved into the history on start-up. */
  readonly legacyKept?: Draft | null;
}

export type ReadResult = { kind: 'none' } | { kind: 'ok'; saved: Saved } | { kind: 'corrupt'; raw: string; why: string } | { kind: 'unavailable' };

export function draft(x: unknown): Draft | null | undefined {
  if (x === null) return null;
  if (typeof x !== 'object') return undefined;
  const d = x as Record<string, unknown>;
  if (typeof d.text !== 'string' || d.text.length > MAX_SCENARIO_CHARS) return undefined;
  if (typeof d.design !== 'string' || typeof d.savedAt !== 'number' || !Number.isFinite(d.savedAt)) return undefined;
  return { text: d.text, design: d.design, savedAt: d.savedAt, ...(typeof d.tab === 'string' ? { tab: d.tab } : {}) };
}

export function parseSaved(raw: string): { ok: true; saved: Saved } | { ok: false; why: string } {
  let x: unknown;
  try {
    x = JSON.parse(raw);
  } catch {
    return { ok: false, why: 'it is not valid JSON' };
  }
  if (!x || typeof x !== 'object') return { ok: false, why: 'it is not a record' };
  const o = x as Record<string, unknown>;
  if (o.v !== 1 && o.v !== 2) return { ok: false, why: `it has an unknown format (${JSON.stringify(o.v)?.slice(0, 20)})` };
  const current = draft(o.current ?? null);
  const kept = o.v === 1 ? draft(o.kept ?? null) : null;
  if (current === undefined || kept === undefined) return { ok: false, why: 'its fields are damaged' };
  return { ok: true, saved: { current, ...(kept ? { legacyKept: kept } : {}) } };
}

export const serializeSaved = (current: Draft): string => JSON.stringify({ v: 2, current });

export function readSaved(): ReadResult {
  const r = readItem(AUTOSAVE_KEY);
  if (!r.ok) return { kind: 'unavailable' };
  if (r.value === null) return { kind: 'none' };
  const p = parseSaved(r.value);
  return p.ok ? { kind: 'ok', saved: p.saved } : { kind: 'corrupt', raw: r.value, why: p.why };
}

/** The history list from its stored form; a damaged one reads as empty (it is only a convenience). */
export function parseKept(raw: string | null): Draft[] {
  if (!raw) return [];
  try {
    const o = JSON.parse(raw) as { v?: unknown; list?: unknown };
    if (o.v !== 1 || !Array.isArray(o.list)) return [];
    return o.list.map((d) => draft(d)).filter((d): d is Draft => !!d).slice(0, KEPT_MAX);
  } catch {
    return [];
  }
}

export const serializeKept = (list: readonly Draft[]): string => JSON.stringify({ v: 1, list });

/**
 * The history with `d` added first; the same text is not kept twice. `sameTabReplaces`: `d` is
 * another tab's save, and a newer one from that tab replaces its entry at the top (another tab
 * typing is one entry, not one per keystroke; that tab still has its latest text).
 */
export function addKept(list: readonly Draft[], d: Draft, sameTabReplaces = false): Draft[] {
  const rest = list.filter((x, i) => x.text !== d.text && !(sameTabReplaces && i === 0 && d.tab !== undefined && x.tab === d.tab));
  return [d, ...rest].slice(0, KEPT_MAX);
}

/** Moves a corrupt record aside (best effort) so that autosave can start afresh. */
export function setAsideCorrupt(raw: string): void {
  if (!writeItem(CORRUPT_KEY, raw).ok) removeItem(CORRUPT_KEY);
  removeItem(AUTOSAVE_KEY);
}
