/**
 * Holds work until typing pauses. A long scenario's result arrives from the run Worker while
 * its author may still be typing, and landing it re-renders the views (tens of ms on the
 * 1,024-mdev machine): in front of a key, that is the key's latency. Held until no edit for
 * `quietMs`, it lands in the pause instead. Short scenarios run on the page inside the edit's
 * own timer and are not held (src/store/sim-slice.ts `gate`).
 */
export interface TypingGate {
  /** The user changed the text now, with the cursor on `line` (if given). */
  note(line?: number): void;
  /** Runs `fn` once no edit came for `quietMs` (at once when none came lately). */
  gate(fn: () => void): void;
  /** Milliseconds since the last edit (Infinity: none yet). */
  sinceEdit(): number;
  /** The cursor's line at the last edit (null: not given). */
  editLine(): number | null;
}

/**
 * Longer than the gap between the keys of a burst (a word typed fast: 30–45 ms apart), and
 * shorter than the editor's 35 ms hand-over plus the Worker's run: the result of the last key
 * of a burst arrives after the quiet time anyway, so the gate holds only results that would
 * land in the middle of a burst and never delays the final one (`ui.type_ms_long`).
 */
export const QUIET_MS = 50;

export function createTypingGate(now: () => number = () => performance.now(), later: (fn: () => void, ms: number) => void = (fn, ms) => void setTimeout(fn, ms), quietMs = QUIET_MS): TypingGate {
  let lastEdit = -Infinity;
  let lastLine: number | null = null;
  const gate = (fn: () => void): void => {
    const wait = lastEdit + quietMs - now();
    if (wait <= 0) fn();
    else later(() => gate(fn), wait);
  };
  return {
    note: (line) => {
      lastEdit = now();
      lastLine = line ?? null;
    },
    gate,
    sinceEdit: () => now() - lastEdit,
    editLine: () => lastLine,
  };
}

/** The page's one gate: the editor notes edits, the store's results wait on it. */
export const typingGate = createTypingGate();
