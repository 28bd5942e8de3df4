/**
 * The one run path: every view's scenario runs come from here (through the store). A request
 * goes to the run host (host.ts) — in the run Worker for long texts, else called directly on
 * the page, the same code — which parses, plans against what the previous runs leave valid
 * and runs, in slices; a newer request drops an older one. Runs come back through the wire
 * (wire.ts: only what changed since that design's previous run) and are rebuilt here; the
 * store keeps showing the last complete result meanwhile.
 */
import type { DesignId } from '../core';
import type { Engine, Parsed, Run } from './pure/engine';
import type { RunResult } from './pure/job';
import { createHost, parseSafely, type FromHost, type HostOptions, type HostRequest, type ReportResult, type ToHost, type WireRuns } from './host';
import { RunDecoder } from './wire';
import { ScriptDecoder } from './wire-script';

export type { Engine, Parsed } from './pure/engine';
export type { RunResult } from './pure/job';
export type { HostRequest as RunRequest, ReportResult } from './host';
export { sharedPrefix, executed } from './pure/reuse';

/** Where requests may run off the main thread: a Worker running run.worker.ts (or a test double). */
export interface RemoteHost {
  post(msg: ToHost): void;
  /** Set by the runner: every message of the host, in order. */
  onmessage: ((m: FromHost) => void) | null;
  /** Set by the runner: the host failed (a Worker that did not load); requests go in-thread from then on. */
  onerror: (() => void) | null;
}

export interface RunnerOptions extends HostOptions {
  /** Runs requests of at least `offThreadChars` characters (default 20,000) off the main thread. */
  readonly remote?: RemoteHost;
  readonly offThreadChars?: number;
}

/** A runs request's answer (see Runner.runs): header null when the text does not parse. */
export type RunsResult = { readonly ok: true; readonly header: readonly DesignId[] | null; readonly runs: ReadonlyMap<DesignId, Run> } | { readonly ok: false; readonly error: string };

/** Runs answers the runner keeps: the matrix's rows (the library's ~35 scenarios, per set of columns) and a few of the editor's texts. */
const RUNS_KEPT = 96;

export interface Runner {
  /**
   * Runs a request. Returns the result when it finished inside the call; otherwise returns null
   * and calls `done` when it finishes — unless a later request (or `cancel`) dropped it first.
   */
  request(req: HostRequest, done: (r: RunResult) => void): RunResult | null;
  cancel(): void;
  /** A dropped or finished job's work never reaches `done`; this says whether one is under way. */
  busy(): boolean;
  /** Parses a text now, without running it (what an opened file holds). */
  parse(text: string): Parsed;
  /**
   * A text's runs under `designs` (null: the designs its header names, else `fallback`), from
   * scratch and sharing nothing with `request`'s: the matrix's rows, Compare's pick of designs
   * for a library scenario. Made by the run Worker whenever there is one, whatever the text's
   * length (never on the page then), else by the page's host. Returns the answer when it is at
   * hand (made inside the call, or asked for before: the runner keeps the last RUNS_KEPT);
   * otherwise null, and `done` gets it later. It neither drops nor waits for a run request.
   */
  runs(text: string, designs: readonly DesignId[] | null, fallback: DesignId, done: (r: RunsResult) => void): RunsResult | null;
  /** The answer at hand for that runs request, if any, asking nothing (what a view renders). */
  peekRuns(text: string, designs: readonly DesignId[] | null, fallback: DesignId): RunsResult | undefined;
  /** Calls `fn` whenever a runs answer arrives (for React's useSyncExternalStore); returns the unsubscribe. */
  subscribeRuns(fn: () => void): () => void;
  /** How many runs answers have arrived: changes whenever `subscribeRuns` listeners are called. */
  runsArrived(): number;
  /**
   * The mail report of a text, made by the host that runs texts of its length (the run Worker
   * for long ones), reusing that host's last runs when they are of this text. Returns it when
   * it was made inside the call; otherwise null, and `done` gets it (or the error) later.
   */
  report(text: string, done: (r: ReportResult) => void): ReportResult | null;
}

export const DEFAULT_SYNC_WORK = 4000;

/** One host as the page sees it: how to send, and the copies its messages build on. */
interface Channel {
  send(msg: ToHost): void;
  readonly runs: RunDecoder;
  readonly scripts: ScriptDecoder;
  /** Runs of the job whose messages are arriving (`run` messages come before its `done`). */
  got: { id: number; runs: Partial<Record<DesignId, Run>>; graphs: NonNullable<RunResult['graphs']>[number][] };
}

export function createRunner(engine: Engine, opts: RunnerOptions = {}): Runner {
  const offChars = opts.offThreadChars ?? 20_000;
  let generation = 0;
  let pending: { id: number; text: string; done: (r: RunResult) => void } | null = null;
  /** The in-thread request under way delivers here instead of through `done`. */
  let inside: { id: number; result: RunResult | null } | null = null;

  /** Report requests waiting for their answer, by id (their own numbering: they drop nothing). */
  const reports = new Map<number, { text: string; done: (r: ReportResult) => void; inside: boolean; result: ReportResult | null }>();
  let reportIds = 0;

  /** Runs answers by request key, oldest first, and the requests waiting for theirs. */
  const runsKept = new Map<string, RunsResult>();
  const runsListeners = new Set<() => void>();
  let arrived = 0;
  const runsWaiting = new Map<number, { key: string; text: string; designs: readonly DesignId[] | null; fallback: DesignId; done: ((r: RunsResult) => void)[]; inside: boolean }>();
  const keyOf = (text: string, designs: readonly DesignId[] | null, fallback: DesignId) => `${designs?.join(',') ?? '-'}\n${fallback}\n${text}`;
  const runsDecoded = (w: WireRuns): RunsResult => {
    if (!w.ok) return w;
    const dec = new RunDecoder();
    const runs = new Map<DesignId, Run>();
    for (const wr of w.runs) runs.set(wr.design, dec.decode(wr)!);
    return { ok: true, header: w.header, runs };
  };

  const receive = (ch: Channel) => (m: FromHost) => {
    if (m.type === 'runs') {
      const w = runsWaiting.get(m.id);
      if (!w) return;
      runsWaiting.delete(m.id);
      const r = runsDecoded(m.result);
      // Kept even when it failed: the same request fails the same way (the core is deterministic).
      runsKept.set(w.key, r);
      if (runsKept.size > RUNS_KEPT) runsKept.delete(runsKept.keys().next().value!);
      arrived++;
      if (!w.inside) for (const done of w.done) done(r);
      else kept = r;
      for (const fn of [...runsListeners]) fn();
      return;
    }
    if (m.type === 'report') {
      const r = reports.get(m.id);
      if (!r) return;
      reports.delete(m.id);
      if (r.inside) r.result = m.result;
      else r.done(m.result);
      return;
    }
    if (m.id !== ch.got.id) ch.got = { id: m.id, runs: {}, graphs: [] };
    if (m.type === 'run') {
      // Decoded even when dropped: the host's next message builds on what it sent.
      const run = ch.runs.decode(m.run);
      if (run) ch.got.runs[m.run.design] = run;
      for (const g of (run && m.run.graphs) || []) {
        const e = run!.entries[g.at];
        // The page's key (store/selectors.ts graphKeyOf): the step; a statement without a call
        // after one keeps its marks, so the entry; before any call, the machine.
        const after = !e.step && run!.entries.slice(0, g.at).some((x) => x.step);
        ch.got.graphs.push({ design: m.run.design, key: e.step ?? (after ? e : e.machine), graph: g.graph });
      }
      return;
    }
    const script = ch.scripts.decode(m.result.script);
    const runs: Partial<Record<DesignId, Run>> = {};
    for (const d of m.result.ran) runs[d] = ch.got.runs[d];
    if (!pending || m.id !== pending.id) return;
    // An edit (a request that keeps the last good run: lastGood) continues the runs delivered
    // last: each records the first run of its chain of edits (Run.base), whose layout it may keep.
    if (last?.lastGood)
      for (const d of m.result.ran) {
        const prev = delivered[d];
        const next = runs[d];
        if (prev && next && prev !== next) runs[d] = { ...next, base: prev.base ?? prev };
      }
    delivered = { ...delivered, ...runs };
    const { script: _, ran: __, ...rest } = m.result;
    const r: RunResult = { ...rest, text: pending.text, script, runs, ...(ch.got.graphs.length ? { graphs: ch.got.graphs } : {}) };
    const done = pending.done;
    pending = null;
    if (inside && inside.id === m.id) inside.result = r;
    else done(r);
  };

  const channel = (send: (msg: ToHost) => void): Channel => ({ send, runs: new RunDecoder(), scripts: new ScriptDecoder(), got: { id: 0, runs: {}, graphs: [] } });

  const local = channel((msg) => host.receive(msg));
  const host = createHost(engine, receive(local), { ...opts, syncWork: opts.syncWork ?? DEFAULT_SYNC_WORK });

  let remote: Channel | null = null;
  if (opts.remote) {
    const r = opts.remote;
    remote = channel((msg) => r.post(msg));
    r.onmessage = receive(remote);
    r.onerror = () => {
      remote = null;
      // The request under way (if it went there) goes again, in-thread; so do waiting reports.
      if (pending && last) send(last, pending.id);
      for (const [id, w] of reports) local.send({ type: 'report', id, text: w.text });
      for (const [id, w] of runsWaiting) local.send({ type: 'runs', id, text: w.text, designs: w.designs, fallback: w.fallback });
    };
  }

  /** The runs of the results delivered so far, per design (what an edit's runs continue). */
  let delivered: Partial<Record<DesignId, Run>> = {};
  /** The answer of a runs request made inside the call (the page's host answers at once). */
  let kept: RunsResult | null = null;
  let runsIds = 0;

  let last: HostRequest | null = null;
  let lastChannel: Channel | null = null;
  const send = (req: HostRequest, id: number) => {
    const ch = remote && req.text.length >= offChars ? remote : local;
    if (lastChannel && lastChannel !== ch) lastChannel.send({ type: 'cancel' });
    lastChannel = ch;
    ch.send({ type: 'run', id, req });
  };

  return {
    request(req, done) {
      const id = ++generation;
      pending = { id, text: req.text, done };
      last = req;
      const here = (inside = { id, result: null as RunResult | null });
      send(req, id);
      inside = null;
      return here.result;
    },
    cancel() {
      generation++;
      pending = null;
      lastChannel?.send({ type: 'cancel' });
    },
    busy: () => pending !== null,
    parse: (text) => parseSafely(engine, text),
    report(text, done) {
      const id = ++reportIds;
      const w = { text, done, inside: true, result: null as ReportResult | null };
      reports.set(id, w);
      const ch = remote && text.length >= offChars ? remote : local;
      ch.send({ type: 'report', id, text });
      w.inside = false;
      return w.result;
    },
    peekRuns: (text, designs, fallback) => runsKept.get(keyOf(text, designs, fallback)),
    subscribeRuns(fn) {
      runsListeners.add(fn);
      return () => void runsListeners.delete(fn);
    },
    runsArrived: () => arrived,
    runs(text, designs, fallback, done) {
      const key = keyOf(text, designs, fallback);
      const at = runsKept.get(key);
      if (at) return at;
      for (const w of runsWaiting.values())
        if (w.key === key) {
          w.done.push(done);
          return null;
        }
      const id = ++runsIds;
      const w = { key, text, designs, fallback, done: [done], inside: true };
      runsWaiting.set(id, w);
      kept = null;
      (remote ?? local).send({ type: 'runs', id, text, designs, fallback });
      w.inside = false;
      const r = kept as RunsResult | null;
      kept = null;
      return r;
    },
  };
}
