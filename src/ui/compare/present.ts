/**
 * Whether the header's Present button (and the P key) can present the view shown: the
 * playground presents its graph (presenter/Presenter.tsx), Compare its panes or its diff
 * (ComparePresenter.tsx), Search the lock-step view of its result once there is one. The matrix
 * is a table to browse, not a story told step by step: there Present is disabled and says why.
 */
import type { AppState } from '../../store';

export function presentable(s: Pick<AppState, 'mode' | 'search'>): { readonly ok: boolean; readonly why: string } {
  switch (s.mode) {
    case 'play':
      return { ok: true, why: 'Present: full screen, narration cards, clicker keys (P)' };
    case 'compare':
      return { ok: true, why: 'Present the compared designs (or the diff) full screen, with the narration (P)' };
    case 'search':
      return s.search.result?.found
        ? { ok: true, why: "Present the search's answer: the designs side by side, step by step (P)" }
        : { ok: false, why: 'Nothing to present yet: Search first, then present its answer' };
    default:
      return { ok: false, why: 'The matrix cannot be presented: open a cell (it opens Compare), then Present' };
  }
}
