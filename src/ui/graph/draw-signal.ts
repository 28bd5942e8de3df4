/** Tells whoever waits (the benchmark) that the graph finished drawing a new picture. */
let waiters: (() => void)[] = [];

export function notifyDrawn(): void {
  const w = waiters;
  waiters = [];
  for (const f of w) f();
}

export function nextDraw(): Promise<void> {
  return new Promise((r) => waiters.push(r));
}
