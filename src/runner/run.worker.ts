/**
 * The run Worker: the run host (host.ts) behind `postMessage`. It yields between slices through
 * a MessageChannel (no timer clamping), so a newer request, queued as a message, is seen
 * between two slices and drops the older job.
 *   in: ToHost      out: FromHost (see host.ts and wire.ts)
 */
import { createHost, type ToHost } from './host';
import { lastFrameGraphs } from './frame-graph';
import { scnEngine } from './scn-engine';

const queue: (() => void)[] = [];
const tick = new MessageChannel();
tick.port1.onmessage = () => queue.shift()?.();

const host = createHost(scnEngine, (m) => self.postMessage(m), {
  // Work here never blocks the page: slices only bound how late a newer request is seen.
  syncWork: 200,
  sliceMs: 12,
  // The page's first read after a result is the shown frame's graph: build it here.
  prepareGraphs: lastFrameGraphs,
  later: (fn) => {
    queue.push(fn);
    tick.port2.postMessage(0);
  },
});

self.onmessage = (ev: MessageEvent<ToHost>) => host.receive(ev.data);
