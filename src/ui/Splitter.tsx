import { useRef } from 'react';

/** A keyboard- and pointer-resizable column divider. */
export function Splitter({ label, value, onChange, sign }: { label: string; value: number; onChange: (v: number) => void; sign: 1 | -1 }) {
  const start = useRef<{ x: number; v: number } | null>(null);
  const clampW = (v: number) => Math.max(220, Math.min(v, 900));
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      tabIndex={0}
      onPointerDown={(e) => {
        start.current = { x: e.clientX, v: value };
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if (start.current) onChange(clampW(start.current.v + sign * (e.clientX - start.current.x)));
      }}
      onPointerUp={() => (start.current = null)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          e.stopPropagation();
          onChange(clampW(value + sign * (e.key === 'ArrowRight' ? 20 : -20)));
        }
      }}
    />
  );
}
