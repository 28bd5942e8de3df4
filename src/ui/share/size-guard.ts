/**
 * A CodeMirror extension that refuses any change (paste, drop, typing) that would make the
 * scenario larger than the limit: the document stays as it was and a notice says why. This
 * keeps a 5 MB paste from freezing the page in parse + run.
 */
import { EditorState } from '@codemirror/state';
import { MAX_SCENARIO_CHARS, formatSize } from '../../share/limits';
import type { AppStore } from '../../store';

export const sizeGuard = (store: AppStore) => EditorState.transactionFilter.of((tr) => {
  if (!tr.docChanged || tr.newDoc.length <= MAX_SCENARIO_CHARS || tr.newDoc.length <= tr.startState.doc.length) return tr;
  const added = tr.newDoc.length - tr.startState.doc.length;
  store.getState().notify({
    kind: 'error',
    topic: 'too-large',
    text: `That change adds ${formatSize(added)}; scenarios are limited to ${formatSize(MAX_SCENARIO_CHARS)}, so it was not inserted. Your text is unchanged.`,
  });
  return [];
});
