import { useRef } from 'react';

/**
 * A keyboard- and pointer-resizable divider: between columns (vertical, the default: ← →
 * resize) or between rows (horizontal: ↑ ↓ resize).
 */
export function Splitter({ label, value, onChange, sign, horizontal = false, min = 220, max = 900 }: { label: string; value: number; onChange: (v: number) => void; sign: 1 | -1; horizontal?: boolean; min?: number; max?: number }) {
  const start = useRef<{ at: number; v: number } | null>(null);
  const clampW = (v: number) => Math.max(min, Math.min(v, max));
  const at = (e: { clientX: number; clientY: number }) => (horizontal ? e.clientY : e.clientX);
  const [less, more] = horizontal ? ['ArrowUp', 'ArrowDown'] : ['ArrowLeft', 'ArrowRight'];
  return (
    <div
      className={horizontal ? 'splitter splitter-h' : 'splitter'}
      role="separator"
      aria-orientation={horizontal ? 'horizontal' : 'vertical'}
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onPointerDown={(e) => {
        start.current = { at: at(e), v: value };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if (start.current) onChange(clampW(start.current.v + sign * (at(e) - start.current.at)));
      }}
      onPointerUp={() => (start.current = null)}
      onKeyDown={(e) => {
        if (e.key === less || e.key === more) {
          e.preventDefault();
          e.stopPropagation();
          onChange(clampW(value + sign * (e.key === more ? 20 : -20)));
        }
      }}
    />
  );
}
