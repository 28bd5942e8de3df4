import type { AppState } from '../../store';
import { useApp, useAppStore } from '../store-context';

const selectList = (s: AppState) => s.notices;

/** The notice stack at the bottom right: errors are alerts, the rest polite status messages. */
export function Notices() {
  const store = useAppStore();
  const list = useApp(selectList);
  const dismiss = (id: number) => store.getState().dismiss(id);
  return (
    <div className="notices" aria-live="polite">
      {list.map((n) => (
        <div key={n.id} className={`notice ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-notice={n.topic}>
          <p>{n.text}</p>
          {n.field !== undefined && (
            <input className="notice-field" readOnly value={n.field} aria-label="Link" onFocus={(e) => e.currentTarget.select()} />
          )}
          <div className="notice-actions">
            {n.actions?.map((a) => (
              <button
                key={a.label}
                type="button"
                onClick={() => {
                  dismiss(n.id);
                  a.run();
                }}
              >
                {a.label}
              </button>
            ))}
            <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        </div>
      ))}
    </div>
  );
}
