/**
 * The search with several expanders (two by default: one per core of the machines it runs on).
 * Level-synchronous BFS: the coordinator (the calling thread) is expander 0 and merges every
 * expander's reports in the order of the sequential loop — (frontier index of the parent, action
 * index) — replaying the sequential rules exactly: freshness against the global visited set as it
 * grows in that order, findings confirmed by replay, the state cap and cancel at the same points.
 * The result is the sequential search's (`search`, bfs.ts) for the same options, but for `ms`
 * and `coreCalls` (summed over the expanders: redundant and duplicated work included).
 *
 * Who expands what (docs/performance.md, "Search, round five"):
 * - while the frontier is small (< SPLIT_AT nodes) every expander expands every node (redundant,
 *   cheap), so all hold every machine; only expander 0 reports, and the coordinator waits for
 *   no peer there, so a search that never grows a large level never waits for a Worker (one
 *   still starting catches up from its message queue);
 * - at the first larger level the frontier is split by index (i mod width); from then on a node
 *   is owned by the expander that generated it (the children of a balanced half are balanced).
 * Expanders keep their own visited set (expander.ts); after each level the coordinator sends each
 * the entries that became its nodes and every key accepted, so each set is complete again.
 *
 * The expanders after the first are `Peer`s of an `ExpanderPool`: a Worker (src/cli/expander-pool.ts
 * for Node, src/ui/search-pool.ts in the browser) or, in tests, `inProcessPool` below.
 */
import { Budget, DEFAULT_DEPTH, DEFAULT_MAX_STATES, STOP_EVERY, confirmed, finish, search, type SearchOptions, type SearchResult, type StopPoint } from './bfs';
import { CALL_FINDING, CHUNK_NODES, ExpanderCore, STATE_FINDING, keyAt, serveExpander, type Chunk, type FromExpander, type ToExpander } from './expander';
import { KeySet } from './keyset';
import { makeSpace, type Space, type SpaceOptions } from './space';

export interface Peer {
  send(msg: ToExpander): void;
  /** Set by the coordinator for the duration of a search. */
  onmessage: ((msg: FromExpander) => void) | null;
}

export interface ExpanderPool {
  /** The expanders besides the coordinator (one for two cores). */
  readonly peers: readonly Peer[];
  /** Resolves after peer messages waiting were delivered: the coordinator's breath between two chunks of its own work. */
  pause(): Promise<void>;
}

/** Milliseconds of its own nodes the coordinator expands before it lets messages in (a Stop among them). */
export const SLICE_MS = 20;

/** Below this many nodes a level is expanded by every expander (why 64: docs/performance.md, round five). */
export const SPLIT_AT = 64;

export interface ParallelTuning {
  readonly splitAt?: number;
  /** Nodes per chunk the coordinator expands between two looks at its peers' messages. */
  readonly chunk?: number;
  /** The space of the options (tests give a made-up one, with `inProcessPool`'s `make`). */
  readonly space?: Space;
  /** Filled in (added to) with where the coordinator's time went, for the bench. */
  readonly stats?: ParallelStats;
}

/** Milliseconds of the coordinator: expanding its own nodes, merging, waiting for its peers. */
export interface ParallelStats {
  work: number;
  merge: number;
  wait: number;
  /** Core calls of the peers (the coordinator's are coreCalls minus these). */
  peerCalls: number;
  /** Nodes every expander expanded (levels below SPLIT_AT). */
  redundantNodes: number;
  /** Entries merged (transitions reported: to a state fresh where it was made, or a candidate) and chunks received. */
  entries: number;
  chunks: number;
}

let runs = 0;

/** Which SearchOptions an expander needs (plain data, for a Worker's message). */
const spaceOptions = (o: SearchOptions): SpaceOptions => ({ designs: [...o.designs], machine: o.machine, level: o.level, calls: o.calls ? [...o.calls] : undefined, invariants: o.invariants, symmetry: o.symmetry });

/** A queue of one expander's chunks, read node by node. */
class Stream {
  readonly chunks: Chunk[] = [];
  private c = 0;
  private node = 0;
  private entry = 0;
  /** Entries read this level (their numbers, as the expander counts them). */
  read = 0;
  last = false;
  calls = 0;

  push(ch: Chunk): void {
    if (ch.calls > this.calls) this.calls = ch.calls;
    if (ch.last) this.last = true;
    this.chunks.push(ch);
  }

  /** The next node's chunk and first entry, or null until it arrives. */
  next(): { ch: Chunk; from: number; count: number } | null {
    for (;;) {
      const ch = this.chunks[this.c];
      if (!ch) return null;
      if (this.node < ch.counts.length) {
        const from = this.entry;
        const count = ch.counts[this.node++];
        this.entry += count;
        return { ch, from, count };
      }
      this.chunks[this.c++] = undefined as unknown as Chunk;
      this.node = 0;
      this.entry = 0;
    }
  }

  newLevel(): void {
    this.chunks.length = 0;
    this.c = this.node = this.entry = this.read = 0;
    this.last = false;
  }
}

/**
 * The search over the pool's peers and the calling thread. With no peers it is `search`. The
 * pool is the caller's, reused across searches; one search at a time.
 */
export async function searchParallel(opts: SearchOptions, pool: ExpanderPool, tuning: ParallelTuning = {}): Promise<SearchResult> {
  const peers = pool.peers;
  if (peers.length === 0) return search(opts, tuning.space);
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const maxDepth = opts.depth ?? DEFAULT_DEPTH;
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  const splitAt = tuning.splitAt ?? SPLIT_AT;
  const chunkNodes = tuning.chunk ?? CHUNK_NODES;
  const width = peers.length + 1;
  const run = ++runs;
  const sp = tuning.space ?? makeSpace(opts);
  const per = sp.designs.length;
  const local = new ExpanderCore();
  local.startWith(sp, run, 0, width);
  const streams = Array.from({ length: width }, () => new Stream());
  const stats = tuning.stats ?? { work: 0, merge: 0, wait: 0, peerCalls: 0, redundantNodes: 0, entries: 0, chunks: 0 };
  let failure: string | null = null;
  let wake: (() => void) | null = null;
  peers.forEach((p, i) => {
    p.onmessage = (m) => {
      if (m.t === 'ready' || m.run !== run) return;
      if (m.t === 'error') failure ??= `expander ${i + 1}: ${m.message}`;
      else {
        stats.chunks++;
        streams[m.index].push(m);
      }
      const w = wake;
      wake = null;
      w?.();
    };
    p.send({ t: 'start', run, opts: spaceOptions(opts), index: i + 1, width });
  });
  /** Until a peer's message, or 25 ms (to look at a cancel while a slow peer's chunk is due). */
  const waitPeer = () =>
    new Promise<void>((r) => {
      const timer = setTimeout(() => {
        if (wake === done) wake = null;
        r();
      }, 25);
      const done = () => {
        clearTimeout(timer);
        r();
      };
      wake = done;
    });

  const seen = new KeySet(per, sp.root.seen);
  const budget = new Budget(sp, opts);
  // The tree of accepted nodes, by id: parent id and the call that reached it (a found path's text).
  const parents: number[] = [-1];
  const actions: string[] = [''];
  let frontier: number[] = [0];
  /** Per frontier node, its owner; null while every expander holds every node. */
  let owners: Uint8Array | null = null;
  let depth = 0;
  let stopped: StopPoint | null = null;
  let found: { calls: string[]; depth: number } | null = null;
  let lastReport = t0;
  let tick = 0;
  const progress = () => {
    const ms = now() - t0;
    opts.onProgress?.({ states: seen.size, depth, ms, rate: ms > 0 ? Math.round((seen.size / ms) * 1000) : 0, bytes: budget.bytes(seen) });
  };
  const pathOf = (id: number, last: string): string[] => {
    const out = [last];
    for (let n = id; n > 0; n = parents[n]) out.push(actions[n]);
    return [...sp.setup, ...out.reverse()];
  };

  try {
    while (frontier.length && depth < maxDepth) {
      depth++;
      const n = frontier.length;
      const shared = owners === null && n < splitAt;
      if (shared) stats.redundantNodes += n;
      const splitNow = owners === null && !shared;
      if (splitNow) owners = Uint8Array.from(frontier, (_, i) => i % width);
      for (const s of streams) s.newLevel();
      const final = depth === maxDepth;
      local.handle({ t: 'level', run, split: splitNow, report: true, final });
      peers.forEach((p) => p.send({ t: 'level', run, split: splitNow, report: !shared, final }));
      const next: number[] = [];
      const nextOwners: number[] = [];
      const mine: number[][] = streams.map(() => []);
      const keys: number[] = [];
      let g = 0;
      /** Merges what has arrived, in global order; true when the search ends here. */
      const merge = (): boolean => {
        for (; g < n; g++) {
          const e = owners ? owners[g] : 0;
          const s = streams[e];
          if (opts.aborted?.()) {
            stopped = { reason: 'cancelled', depth, expanded: g, ofFrontier: n };
            return true;
          }
          const got = s.next();
          if (!got) return false;
          if (++tick % STOP_EVERY === 0) {
            if (opts.shouldStop?.()) {
              stopped = { reason: 'cancelled', depth, expanded: g, ofFrontier: n };
              return true;
            }
            if (budget.probed(seen)) {
              stopped = budget.stop(depth, g, n);
              return true;
            }
            const t = now();
            if (t - lastReport > 100) {
              lastReport = t;
              progress();
            }
          }
          const { ch, from, count } = got;
          stats.entries += count;
          for (let j = from; j < from + count; j++) {
            const entry = s.read++;
            const key = keyAt(ch.keys, j * per, per);
            const fresh = !seen.has(key);
            const f = ch.flags[j];
            if ((f & CALL_FINDING) !== 0 || (fresh && (f & STATE_FINDING) !== 0)) {
              const path = pathOf(frontier[g], ch.texts[j]);
              if (confirmed(sp, path)) {
                found = { calls: path, depth };
                return true;
              }
              continue;
            }
            if (!fresh) continue;
            seen.add(key);
            next.push(parents.push(frontier[g]) - 1);
            actions.push(ch.texts[j]);
            nextOwners.push(e);
            mine[e].push(entry);
            for (let k = 0; k < per; k++) keys.push(ch.keys[j * per + k]);
            // As the sequential loop counts its nodes: a state of the last level is a key alone.
            if (!final) budget.nodes++;
            if (seen.size >= maxStates) {
              stopped = { reason: 'max-states', depth, expanded: g, ofFrontier: n };
              return true;
            }
            if (budget.reached(seen)) {
              stopped = budget.stop(depth, g, n);
              return true;
            }
          }
        }
        return false;
      };
      let ended = false;
      let merged = 0;
      let stalled = now();
      for (;;) {
        let tA = now();
        // A chunk of this thread's own nodes ends after SLICE_MS too (at a node's end): a Stop is a
        // message, let in only between chunks, and 32 nodes of a large machine are seconds under
        // load. Where chunks end changes nothing but when messages are read (they merge in order).
        const sliceEnd = tA + SLICE_MS;
        if (local.busy()) streams[0].push(local.work(chunkNodes, () => opts.aborted?.() === true || now() >= sliceEnd)!);
        let tB = now();
        stats.work += tB - tA;
        if (failure) throw new Error(failure);
        const ended0 = merge();
        tA = now();
        stats.merge += tA - tB;
        if (ended0) {
          ended = true;
          break;
        }
        // The merge can stall on a slower peer's node while this thread expands its own share:
        // a cancel is then looked at every 25 ms too, progress every 100 ms (not only every 64
        // nodes merged).
        if (g > merged) {
          merged = g;
          stalled = tA;
        } else if (tA - stalled > 25) {
          stalled = tA;
          if (opts.shouldStop?.()) {
            stopped = { reason: 'cancelled', depth, expanded: g, ofFrontier: n };
            ended = true;
            break;
          }
          if (tA - lastReport > 100) {
            lastReport = tA;
            progress();
          }
        }
        // A redundant level waits for no peer: it sends nothing (a peer still starting catches up from its queue).
        if (g >= n && (shared ? streams[0].last : streams.every((s) => s.last))) break;
        if (local.busy()) await pool.pause();
        else await waitPeer();
        tB = now();
        stats.wait += tB - tA;
      }
      if (ended) break;
      const accepted = Float64Array.from(keys);
      local.handle({ t: 'accept', run, mine: Int32Array.from(mine[0]), keys: accepted });
      // A redundant expander's entries are expander 0's, in the same order.
      peers.forEach((p, i) => p.send({ t: 'accept', run, mine: Int32Array.from(shared ? mine[0] : mine[i + 1]), keys: accepted }));
      frontier = next;
      if (owners) owners = Uint8Array.from(nextOwners);
    }
  } finally {
    for (const p of peers) {
      p.send({ t: 'stop', run });
      p.onmessage = null;
    }
    local.handle({ t: 'stop', run });
  }
  progress();
  stats.peerCalls += streams.slice(1).reduce((a, s) => a + s.calls, 0);
  const coreCalls = sp.coreCalls() + stats.peerCalls;
  return finish(sp, opts, { states: seen.size, depth, coreCalls, stopped, found, t0, now });
}

/**
 * A pool whose peers run in this thread (tests: the parallel search's rules with no threads).
 * Messages both ways and every pause are microtasks, so the streams interleave as they come;
 * a small `chunk` makes them interleave finely.
 */
export function inProcessPool(size: number, chunk = 3, make: (o: SpaceOptions) => Space = makeSpace): ExpanderPool {
  const later = (f: () => void) => queueMicrotask(f);
  const peers: Peer[] = Array.from({ length: size }, () => {
    let listener: ((m: ToExpander) => void) | null = null;
    const peer: Peer = { send: (m) => later(() => listener?.(m)), onmessage: null };
    serveExpander({ post: (m) => later(() => peer.onmessage?.(m)), listen: (f) => void (listener = f), pause: () => new Promise<void>((r) => later(r)) }, chunk, make);
    return peer;
  });
  return { peers, pause: () => new Promise<void>((r) => later(r)) };
}
