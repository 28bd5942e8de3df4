/**
 * Messages for the user (link copied, file refused, work restored …) and whether the presenter
 * view is on. Text only: a notice is rendered as React text, never as HTML.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './index';

export interface NoticeAction {
  readonly label: string;
  readonly run: () => void;
}

export interface Notice {
  readonly id: number;
  readonly kind: 'info' | 'error';
  /** Stable name for tests and for replacing a notice of the same topic. */
  readonly topic: string;
  readonly text: string;
  readonly actions?: readonly NoticeAction[];
  /** A link (or other text) shown in a read-only field, selected for copying. */
  readonly field?: string;
}

export interface NoticeSlice {
  notices: readonly Notice[];
  /** The id the next notice gets. */
  noticeSeq: number;
  presenting: boolean;
  /** Shows a notice; one of the same topic is replaced. Returns its id. */
  notify: (n: Omit<Notice, 'id'>) => number;
  dismiss: (idOrTopic: number | string) => void;
  setPresenting: (on: boolean) => void;
}

export const createNoticeSlice: StateCreator<AppState, [], [], NoticeSlice> = (set, get) => ({
  notices: [],
  noticeSeq: 1,
  presenting: false,
  notify: (n) => {
    const id = get().noticeSeq;
    set((s) => ({ noticeSeq: id + 1, notices: [...s.notices.filter((x) => x.topic !== n.topic), { ...n, id }].slice(-4) }));
    return id;
  },
  dismiss: (idOrTopic) => set((s) => ({ notices: s.notices.filter((x) => x.id !== idOrTopic && x.topic !== idOrTopic) })),
  setPresenting: (presenting) => set({ presenting }),
});
