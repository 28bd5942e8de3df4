/**
 * The autosave record: the scenario being worked on, plus the one a link, a file or the
 * library replaced ("kept"), so that opening something never loses work. Validated on read:
 * anything that does not match is reported as corrupt, never half-used.
 */
import { MAX_SCENARIO_CHARS } from '../../share/limits';
import { readItem, removeItem, writeItem, type WriteResult } from './storage';

export const AUTOSAVE_KEY = 'iommu-playground.autosave';
export const CORRUPT_KEY = 'iommu-playground.autosave.corrupt';

export interface Draft {
  readonly text: string;
  readonly design: string;
  /** ms since the epoch. */
  readonly savedAt: number;
}

export interface Saved {
  readonly v: 1;
  readonly current: Draft | null;
  readonly kept: Draft | null;
}

export type ReadResult = { kind: 'none' } | { kind: 'ok'; saved: Saved } | { kind: 'corrupt'; raw: string; why: string } | { kind: 'unavailable' };

function draft(x: unknown): Draft | null | undefined {
  if (x === null) return null;
  if (typeof x !== 'object') return undefined;
  const d = x as Record<string, unknown>;
  if (typeof d.text !== 'string' || d.text.length > MAX_SCENARIO_CHARS) return undefined;
  if (typeof d.design !== 'string' || typeof d.savedAt !== 'number' || !Number.isFinite(d.savedAt)) return undefined;
  return { text: d.text, design: d.design, savedAt: d.savedAt };
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
  if (o.v !== 1) return { ok: false, why: `it has an unknown format (${JSON.stringify(o.v)?.slice(0, 20)})` };
  const current = draft(o.current ?? null);
  const kept = draft(o.kept ?? null);
  if (current === undefined || kept === undefined) return { ok: false, why: 'its fields are damaged' };
  return { ok: true, saved: { v: 1, current, kept } };
}

export function readSaved(): ReadResult {
  const r = readItem(AUTOSAVE_KEY);
  if (!r.ok) return { kind: 'unavailable' };
  if (r.value === null) return { kind: 'none' };
  const p = parseSaved(r.value);
  return p.ok ? { kind: 'ok', saved: p.saved } : { kind: 'corrupt', raw: r.value, why: p.why };
}

export function writeSaved(s: Saved): WriteResult {
  return writeItem(AUTOSAVE_KEY, JSON.stringify(s));
}

/** Moves a corrupt record aside (best effort) so that autosave can start afresh. */
export function setAsideCorrupt(raw: string): void {
  if (!writeItem(CORRUPT_KEY, raw).ok) removeItem(CORRUPT_KEY);
  removeItem(AUTOSAVE_KEY);
}
