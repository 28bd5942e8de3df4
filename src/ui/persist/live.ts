/**
 * The editor's side of autosave: the editor says when the user changed its text and how to
 * read it, so the text is saved at once (not when the store gets it 35 ms later) and a page
 * that is left reads the editor's own document, never the store's lagging copy.
 */
export interface EditorDoc {
  readonly text: () => string;
  /** Cheap (no string built): decides whether a save can be synchronous. */
  readonly length: () => number;
}

let doc: EditorDoc | null = null;
let listener: ((d: EditorDoc) => void) | null = null;

/** The editor mounted (or unmounted: null). */
export function registerEditorDoc(d: EditorDoc | null): void {
  doc = d;
}

/** The user changed the editor's text (called by the editor on every such change). */
export function editorChanged(): void {
  if (doc && listener) listener(doc);
}

/** The editor's current text, or null when there is no editor. */
export const editorDoc = (): string | null => (doc ? doc.text() : null);

export function onEditorChange(fn: ((d: EditorDoc) => void) | null): void {
  listener = fn;
}
