/** An expander of the parallel search (src/search/expander.ts), started by the search Worker (search-pool.ts). */
import { serveExpander, type ToExpander } from '../search';
import { channelPause } from './search-pool';

serveExpander({
  post: (m, transfer) => self.postMessage(m, { transfer }),
  listen: (f) => void self.addEventListener('message', (ev: MessageEvent<ToExpander>) => f(ev.data)),
  pause: channelPause(),
});
