/**
 * A text field that takes a design or a variant (`driver-map+present-check=off`), with every
 * one-option variant offered as a suggestion. Enter resolves it (core/designs/variants.ts): a
 * bad name stays in the field, marked invalid, with the resolver's message saying what is
 * wrong and which options exist; a good one is handed on in its canonical spelling.
 */
import { memo, useId, useState } from 'react';
import { DESIGNS, oneOptionVariants, resolveDesign, type DesignId } from '../core';

const SUGGESTIONS = oneOptionVariants(DESIGNS);

/**
 * Memoised: the header re-renders with every edit and every result, and React 19 writes an
 * input's `type` and `name` on each update, a style change and so a frame after every key typed
 * in the editor (docs/performance.md, typing round nine). Pass a stable `onPick`.
 */
export const VariantField = memo(function VariantField({ onPick, label = 'Design variant' }: { onPick: (id: DesignId) => void; label?: string }) {
  const listId = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const r = resolveDesign(text.trim());
    if (!r.ok) return setError(r.error);
    setError(null);
    setText('');
    onPick(r.id as DesignId);
  };
  return (
    <form
      className="variant-field"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <input
        type="text"
        aria-label={label}
        aria-invalid={error !== null}
        title={error ?? 'A design with one of its choices made the other way: design+option=value (Enter)'}
        placeholder="design+opt=val"
        list={listId}
        value={text}
        spellCheck={false}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
      />
      <datalist id={listId}>
        {SUGGESTIONS.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      {error && (
        <span className="variant-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
});
