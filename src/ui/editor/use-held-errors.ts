/**
 * The syntax errors to show now (held-errors.ts): those of the line being typed wait for a pause,
 * and those already on screen stay meanwhile. One hook for every view that shows an error's text
 * (the editor's marks and list, the graph's stale label), so they agree, and none of them redraws
 * at each key while a line is half typed.
 */
import { useEffect, useReducer, useState } from 'react';
import type { AppState } from '../../store';
import { holdMs, keptWhileHeld } from './held-errors';
import { typingGate } from './typing-gate';

const NO_ERRORS: AppState['errors'] = [];

export function useHeldErrors(errors: AppState['errors']): AppState['errors'] {
  // A re-render at the pause's end shows them. Read per landing of a result, not per key.
  const [, afterPause] = useReducer((n: number) => n + 1, 0);
  const hold = holdMs(errors, typingGate.editLine(), typingGate.sinceEdit());
  // Held: the errors already on screen stay (the same array, so nothing showing them is
  // redrawn), and the new ones wait for the pause.
  const [onScreen, setOnScreen] = useState<AppState['errors']>(NO_ERRORS);
  const shown = hold > 0 ? keptWhileHeld(onScreen, typingGate.editLine(), NO_ERRORS) : errors;
  if (shown !== onScreen) setOnScreen(shown);
  useEffect(() => {
    if (hold <= 0) return;
    const t = setTimeout(afterPause, hold);
    return () => clearTimeout(t);
  }, [errors, hold]);
  return shown;
}
