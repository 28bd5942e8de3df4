/**
 * localStorage that never throws: reading it can throw (storage disabled, sandboxed frames),
 * writing it can throw (quota full). Every failure becomes a value the caller can report.
 */
export type WriteResult = { ok: true } | { ok: false; reason: 'full' | 'unavailable'; detail: string };

function storage(): Storage | null {
  try {
    const s = window.localStorage;
    return s ?? null;
  } catch {
    return null;
  }
}

export function readItem(key: string): { ok: true; value: string | null } | { ok: false } {
  const s = storage();
  if (!s) return { ok: false };
  try {
    return { ok: true, value: s.getItem(key) };
  } catch {
    return { ok: false };
  }
}

const isQuota = (e: unknown) =>
  e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22);

export function writeItem(key: string, value: string): WriteResult {
  const s = storage();
  if (!s) return { ok: false, reason: 'unavailable', detail: 'local storage is not available' };
  try {
    s.setItem(key, value);
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: isQuota(e) ? 'full' : 'unavailable', detail: e instanceof Error ? e.message : String(e) };
  }
}

export function removeItem(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    /* nothing to do: the item stays */
  }
}
