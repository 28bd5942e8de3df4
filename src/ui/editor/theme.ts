import { EditorView } from '@codemirror/view';

/** Editor colours come from the page's CSS variables, so light/dark follow the app theme. */
export const editorTheme = EditorView.theme({
  '&': { height: '100%', color: 'var(--fg)', backgroundColor: 'var(--code-bg)' },
  '.cm-content': { caretColor: 'var(--fg)', padding: '6px 0' },
  '.cm-cursor': { borderLeftColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--panel-2)', color: 'var(--muted)', border: 'none' },
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '.cm-activeLineGutter': { backgroundColor: 'transparent' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground': { backgroundColor: 'color-mix(in srgb, var(--accent) 30%, transparent) !important' },
  '.cm-current-step': { backgroundColor: 'color-mix(in srgb, var(--changed) 14%, transparent)', boxShadow: 'inset 3px 0 0 var(--changed)' },
  '.cm-result': { marginLeft: '1.5em', fontSize: '12px', color: 'var(--muted)', whiteSpace: 'pre' },
  '.cm-result.r-pass': { color: 'var(--pass)' },
  '.cm-result.r-fail, .cm-result.r-error, .cm-result.r-violation': { color: 'var(--fail)', fontWeight: '600' },
  // A syntax error's message wraps with its line (the editor wraps lines): it was cut at the pane's edge.
  '.cm-result.r-error, .cm-result.r-internal': { whiteSpace: 'pre-wrap' },
  '.cm-result.r-warn': { color: 'var(--warn)' },
  '.cm-result.r-oops': { color: 'var(--oops)', fontWeight: '600' },
  '.cm-result.r-internal': { color: 'var(--internal)', fontWeight: '600' },
  // A stale result (the text does not parse: these are the last good run's) is dimmed to the
  // muted grey, in italics, not faded: at half opacity it failed axe's contrast check.
  '.cm-result.stale': { color: 'var(--muted)', fontStyle: 'italic', fontWeight: 'normal' },
  '.cm-syntax-error': { textDecoration: 'underline wavy var(--fail)', textUnderlineOffset: '3px' },
  '.cm-internal-error': { textDecoration: 'underline wavy var(--internal)', textUnderlineOffset: '3px' },
  '.cm-results-gutter': { width: '1.6em', textAlign: 'center', cursor: 'pointer' },
  '.cm-res-mark': { fontWeight: '700' },
  '.cm-res-mark.r-pass': { color: 'var(--pass)' },
  '.cm-res-mark.r-fail, .cm-res-mark.r-error, .cm-res-mark.r-violation': { color: 'var(--fail)' },
  '.cm-res-mark.r-warn': { color: 'var(--warn)' },
  '.cm-res-mark.r-oops': { color: 'var(--oops)' },
  '.cm-res-mark.r-internal': { color: 'var(--internal)' },
  '.cm-res-mark.r-ran, .cm-res-mark.r-decl': { color: 'var(--muted)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-fg)' },
  '.cm-completionDetail': { fontStyle: 'normal', color: 'var(--muted)', marginLeft: '0.8em' },
  // On the selected row's accent background the muted grey was dark on blue (seen on a screenshot).
  '.cm-tooltip-autocomplete ul li[aria-selected] .cm-completionDetail': { color: 'inherit', opacity: '0.85' },
});
