/**
 * Messages for the user (link copied, file refused, work restored …): a tiny store of its
 * own, so sharing and persistence never touch the app store's shape. Text only: a notice is
 * rendered as React text, never as HTML.
 */
import { createStore } from 'zustand/vanilla';

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

interface NoticeState {
  readonly list: readonly Notice[];
}

export const notices = createStore<NoticeState>()(() => ({ list: [] }));
let next = 1;

/** Shows a notice; one of the same topic is replaced. Returns its id. */
export function notify(n: Omit<Notice, 'id'>): number {
  const id = next++;
  notices.setState((s) => ({ list: [...s.list.filter((x) => x.topic !== n.topic), { ...n, id }].slice(-4) }));
  return id;
}

export function dismiss(idOrTopic: number | string): void {
  notices.setState((s) => ({ list: s.list.filter((x) => x.id !== idOrTopic && x.topic !== idOrTopic) }));
}
