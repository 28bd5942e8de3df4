/**
 * One expander of the parallel search (parallel.ts): it holds the machines of the nodes it owns,
 * a copy of the visited set, and expands its nodes level by level in the order of the sequential
 * loop, reporting per node the transitions the coordinator must look at. The coordinator is
 * expander 0 (in-process); the others run the same code in a Worker (`serveExpander`).
 *
 * What a node's report holds, in action order: every transition to a state not in this
 * expander's `seen` (the keys of all earlier levels, sent by the coordinator, plus what it
 * generated itself earlier in this level), and every finding candidate (callFinding, or
 * stateFinding on a state fresh here). This `seen` is a subset of the coordinator's at the
 * moment it merges the entry (everything it holds was accepted, or was first reached by an
 * earlier entry in the global order): a transition left out is one the sequential loop skips.
 * A candidate's key is not added here, as the sequential loop does not add an unconfirmed
 * finding's state: a later transition to it must be reported again.
 */
import { KeySet } from './keyset';
import { DROPPED, LEAF, makeSpace, type Key, type Node, type Space, type SpaceOptions } from './space';

/** Coordinator → expander. `run` numbers the search: anything of an older run is dropped. */
export type ToExpander =
  | { readonly t: 'start'; readonly run: number; readonly opts: SpaceOptions; readonly index: number; readonly width: number }
  /** Expand this level. `split`: first keep only the nodes of frontier index ≡ index (mod width). `report`: send the entries (else nothing at all: a redundant expander, whose entries are expander 0's). */
  | { readonly t: 'level'; readonly run: number; readonly split: boolean; readonly report: boolean; readonly final?: boolean }
  /** The level's outcome: which of my entries became nodes (entry numbers, ascending), and every key accepted (designs per key). */
  | { readonly t: 'accept'; readonly run: number; readonly mine: Int32Array; readonly keys: Float64Array }
  | { readonly t: 'stop'; readonly run: number };

/** Expander → coordinator: the reports of the next few nodes it expanded, in its order. */
export interface Chunk {
  readonly t: 'chunk';
  readonly run: number;
  readonly index: number;
  /** Nodes expanded in this chunk. */
  readonly nodes: number;
  /** Entries per node. */
  readonly counts: Int32Array;
  /** Per entry, the state's key: one fingerprint per design. */
  readonly keys: Float64Array;
  /** Per entry: 1 callFinding, 2 stateFinding (on a locally fresh state). */
  readonly flags: Uint8Array;
  /** Per entry, the call as written. */
  readonly texts: readonly string[];
  /** Core calls this expander made in this search so far. */
  readonly calls: number;
  /** The level is done here. */
  readonly last: boolean;
}

export type FromExpander = Chunk | { readonly t: 'error'; readonly run: number; readonly message: string } | { readonly t: 'ready' };

export const CALL_FINDING = 1;
export const STATE_FINDING = 2;

/** A key of the wire (`per` fingerprints from `at`) as the visited set holds it (space.ts pairKey). */
export const keyAt = (keys: Float64Array, at: number, per: number): Key => (per === 1 ? keys[at] : per === 2 ? `${keys[at]},${keys[at + 1]}` : Array.from(keys.subarray(at, at + per)).join(','));

export class ExpanderCore {
  /** `make`: how a `start` message's options become a space (tests give a made-up one). */
  constructor(private readonly make: (o: SpaceOptions) => Space = makeSpace) {}

  private sp: Space | null = null;
  private run = -1;
  private index = 0;
  private width = 1;
  private per = 1;
  private seen = new KeySet(1);
  private frontier: Node[] = [];
  private pos = 0;
  private active = false;
  private report = true;
  /** The level being expanded is the search's last: its new states are never expanded (space.ts `LEAF`). */
  private final = false;
  /** Per entry reported this level: the node it would be, or null for a candidate. */
  private pending: (Node | null)[] = [];

  /** Starts a search with a space already built (the coordinator's own, for expander 0). */
  startWith(sp: Space, run: number, index: number, width: number): void {
    this.sp = sp;
    this.run = run;
    this.index = index;
    this.width = width;
    this.per = sp.designs.length;
    this.seen = new KeySet(this.per, sp.root.seen);
    this.frontier = [sp.root];
    this.pending = [];
    this.active = false;
  }

  get runId(): number {
    return this.run;
  }

  coreCalls(): number {
    return this.sp ? this.sp.coreCalls() : 0;
  }

  /** True while this level has nodes left to expand (or its last chunk to send). */
  busy(): boolean {
    return this.active;
  }

  handle(msg: ToExpander): void {
    if (msg.t === 'start') return this.startWith(this.make(msg.opts), msg.run, msg.index, msg.width);
    if (msg.run !== this.run) return;
    if (msg.t === 'stop') {
      this.sp = null;
      this.frontier = [];
      this.pending = [];
      this.seen = new KeySet(1);
      this.active = false;
      return;
    }
    if (msg.t === 'level') {
      if (msg.split) this.frontier = this.frontier.filter((_, i) => i % this.width === this.index);
      this.pos = 0;
      this.pending = [];
      this.report = msg.report;
      this.final = msg.final === true;
      this.active = this.sp !== null;
      return;
    }
    const next: Node[] = [];
    for (const i of msg.mine) {
      const n = this.pending[i];
      if (!n) throw new Error(`expander ${this.index}: entry ${i} accepted is not a node here`);
      next.push(n);
    }
    for (let at = 0; at < msg.keys.length; at += this.per) this.seen.add(keyAt(msg.keys, at, this.per));
    this.frontier = next;
    this.pending = [];
  }

  /**
   * Expands up to `max` nodes of the level; the chunk says what it found (null when idle or not
   * reporting). `until`: asked before each node; true ends the chunk there.
   */
  work(max: number, until?: () => boolean): Chunk | null {
    const sp = this.sp;
    if (!this.active || !sp) return null;
    const { seen, pending, report, per } = this;
    const counts: number[] = [];
    const keys: number[] = [];
    const flags: number[] = [];
    const texts: string[] = [];
    const start = this.pos;
    let end = Math.min(this.frontier.length, start + max);
    for (; this.pos < end; this.pos++) {
      if (until?.() && this.pos > start) {
        end = this.pos;
        break;
      }
      const node = this.frontier[this.pos];
      let count = 0;
      sp.transitions(node, (a, outs, after, key) => {
        // A call that changed nothing leads back to the node's own state, which is seen (most calls).
        const fresh = key !== node.seen && !seen.has(key);
        const call = sp.callFinding(node, outs);
        const state = !call && fresh && sp.stateFinding(node, outs);
        if (!call && !state && !fresh) return false;
        if (call || state) pending.push(null);
        else {
          seen.add(key);
          pending.push(this.final ? LEAF : sp.child(node, a, outs, after, key, false));
        }
        if (!report) return false;
        count++;
        if (per === 1) keys.push(key as number);
        else for (const k of (key as string).split(',')) keys.push(Number(k));
        flags.push((call ? CALL_FINDING : 0) | (state ? STATE_FINDING : 0));
        texts.push(a.text);
        return false;
      });
      // Expanded: its successors hold what they need.
      node.ms = DROPPED;
      if (report) counts.push(count);
    }
    const last = this.pos >= this.frontier.length;
    if (last) this.active = false;
    if (!report) return null;
    return { t: 'chunk', run: this.run, index: this.index, nodes: end - start, counts: Int32Array.from(counts), keys: Float64Array.from(keys), flags: Uint8Array.from(flags), texts, calls: sp.coreCalls(), last };
  }
}

/** Nodes per chunk: a few hundred milliseconds' worth at most, so a cancel is seen soon (docs/performance.md, round five). */
export const CHUNK_NODES = 32;

/** How a Worker's expander talks: Node's parentPort or a Web Worker's self, and a way to let messages in. */
export interface ExpanderPort {
  post(msg: FromExpander, transfer: ArrayBuffer[]): void;
  listen(f: (msg: ToExpander) => void): void;
  /** Resolves after pending messages were delivered (setImmediate, a MessageChannel round). */
  pause(): Promise<void>;
}

/**
 * Runs an expander behind a port: a chunk at a time, letting messages in between. A new run or
 * `stop` aborts the level under way; anything else waits for the level to end (the coordinator
 * does not wait for a redundant expander, so its next `accept` may come early).
 */
export function serveExpander(port: ExpanderPort, chunk = CHUNK_NODES, make: (o: SpaceOptions) => Space = makeSpace): void {
  const core = new ExpanderCore(make);
  const inbox: ToExpander[] = [];
  let pumping = false;
  const fail = (run: number, e: unknown) => port.post({ t: 'error', run, message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }, []);
  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      for (;;) {
        // Aborts first: a later start or stop makes everything before it moot.
        let abort = inbox.length - 1;
        while (abort >= 0 && inbox[abort].t !== 'start' && inbox[abort].t !== 'stop') abort--;
        if (abort >= 0) core.handle(inbox.splice(0, abort + 1)[abort]);
        while (inbox.length && !core.busy()) core.handle(inbox.shift()!);
        if (!core.busy()) break;
        const c = core.work(chunk);
        if (c) port.post(c, [c.counts.buffer as ArrayBuffer, c.keys.buffer as ArrayBuffer, c.flags.buffer as ArrayBuffer]);
        await port.pause();
      }
    } catch (e) {
      fail(core.runId, e);
      inbox.length = 0;
      core.handle({ t: 'stop', run: core.runId });
    } finally {
      pumping = false;
    }
  };
  port.listen((msg) => {
    inbox.push(msg);
    void pump();
  });
  port.post({ t: 'ready' }, []);
}
