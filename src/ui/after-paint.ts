/**
 * Runs `fn` once the next frame has been painted: a task posted from that frame's
 * animation-frame callback runs after the frame's style, layout and paint. Work that must not
 * hold back what the user just did from the screen (a key's character) waits here.
 */
export function afterNextPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0));
}
