/**
 * A half-typed line does not parse: after each key its syntax error came at once — the message
 * at the line's end (wrapping, so the lines below it moved), the gutter mark, and the list under
 * the editor (which shrank the editor, so the next key scrolled the text by its height) — and
 * went again when the line was done. An editor waits for the typist to stop, as IDEs do with
 * their diagnostics: errors only on the line being typed are held until no key came for
 * `ERROR_PAUSE_MS`. The views still say at once that they show the last run (the header's
 * notice, the graph's label, the dimming): only the error's own marks wait. Marks already shown
 * stay while typing goes on (`keptWhileHeld`).
 */
/** Longer than a typist's gap between keys (100–200 ms) and than a short hesitation. */
export const ERROR_PAUSE_MS = 700;

/**
 * How long to hold `errors` back (0: show them now): while the last edit was less than
 * `ERROR_PAUSE_MS` ago and every error is on `typingLine`, the cursor's line at that edit (null:
 * unknown, so nothing is held).
 */
export function holdMs(errors: readonly { readonly line: number }[], typingLine: number | null, sinceEditMs: number): number {
  if (errors.length === 0 || typingLine === null) return 0;
  if (!errors.every((e) => e.line === typingLine)) return 0;
  return Math.max(0, ERROR_PAUSE_MS - sinceEditMs);
}

/**
 * What stays on screen while `holdMs` holds new errors back: the errors already shown, if they
 * are all on `typingLine` (else none). The list under the editor and the message under the line
 * both take height: when they went at the next key and came back at the next pause, the text
 * under the cursor moved twice for each pause at the end of a long scenario. A linter's marks
 * stay until its next pass in the same way; they go when the line parses (no errors at all) or
 * when the next pause brings the new ones.
 */
export function keptWhileHeld<E extends { readonly line: number }>(shown: readonly E[], typingLine: number | null, none: readonly E[]): readonly E[] {
  return shown.length > 0 && typingLine !== null && shown.every((e) => e.line === typingLine) ? shown : none;
}
