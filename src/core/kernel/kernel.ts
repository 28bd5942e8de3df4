/**
 * Kernel: the context one call runs in. It wraps an immutable Machine and gives the emulated
 * kernel code a mutable-looking view of it: reads see earlier writes of the same call, every
 * write replaces one record (a new record object: one read earlier stays as it was), the
 * tables are copied once per call, not once per write (Table.edit), and the trace records the
 * call tree as the kernel code descends. Nothing here outlives the call.
 */
import type { Design, KernelRules } from '../design';
import type { Container, Device, Domain, Group, Machine, Ref } from '../model';
import type { Arg, LogLine, TraceNode } from '../step';
import type { Table } from '../table';
import type { Value } from '../value';
import { formatValue } from '../format';
import { nameOf } from '../names';
import { copyContainer, copyDevice, copyDomain, copyGroup, copyMachine, type Patch } from './records';

/**
 * Thrown by `oops()` to unwind the emulated kernel the way a GPF kills the calling thread.
 * It never escapes the engine: applyCall turns it into the value `OOPS`.
 */
export class KernelOops {
  constructor(readonly why: string) {}
}

/** An integer argument as the trace prints it: addresses and sizes in hex, small values in decimal. */
const fmtInt = (v: number): string => (v >= 0x1000 ? `0x${v.toString(16)}` : String(v));

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
const KINDS = ['dev', 'group', 'domain', 'container'] as const;
/**
 * The shared empty list of a call that has not (yet) journalled, created or logged anything:
 * never pushed to (each is replaced by its own array on the first push).
 */
const NOTHING = Object.freeze([]) as unknown as never[];
/** The stack of every quiet call: never pushed to. */
const NO_STACK = Object.freeze([]) as unknown as TraceNode[];

/** The records a call wrote, as they were before (from Kernel.written), keyed `kind:id`. */
export function beforeMap(journal: readonly unknown[]): Map<string, { ref: Ref; rec: unknown }> {
  const out = new Map<string, { ref: Ref; rec: unknown }>();
  for (let i = 0; i < journal.length; i += 3) {
    const ref = { kind: KINDS[journal[i] as number], id: journal[i + 1] as number } as Ref;
    out.set(`${ref.kind}:${ref.id}`, { ref, rec: journal[i + 2] });
  }
  return out;
}

export class Kernel {
  /**
   * The machine as this call has made it so far. Until the first write it is the machine the
   * call was given; the first write replaces it by a copy this call owns, whose tables are
   * edited in place (Table.edit) and sealed when the call ends.
   */
  private cur: Machine;
  private owns = false;
  /** The tables this call opened for editing, as bits: devs 1, groups 2, domains 4, containers 8. */
  private editing = 0;
  /**
   * Records as they were before this call's first write to them: kind index, id, record, …
   * (flat, as few objects as possible: a long history keeps one per step).
   */
  private journal: unknown[] = NOTHING;
  /** Objects this call created (shared empty until the first: most calls create nothing). */
  created: Ref[] = NOTHING;
  private rootNode: TraceNode | undefined;
  /** The trace nodes the call is in, innermost last (empty when quiet: no tree is kept). */
  private readonly stack: TraceNode[];
  warned = false;
  /** The name the scenario binds the top-level call's result to (`D = iommu_domain_alloc(pci)`). */
  bind: string | undefined;

  constructor(
    readonly design: Design,
    m: Machine,
    fn: string,
    args: readonly string[],
    /** No call tree (the search and benchmarks): same semantics, same log, less work. */
    readonly quiet = false,
  ) {
    this.cur = m;
    this.fn = fn;
    this.args = args;
    if (quiet) this.stack = NO_STACK;
    else {
      this.rootNode = { fn, args, ret: '', children: [], log: [] };
      this.stack = [this.rootNode];
    }
  }

  private readonly fn: string;
  private readonly args: readonly string[];

  /**
   * The call tree. A quiet call keeps none: its root (no children) is made when first asked
   * for, with the call's log lines (most quiet calls are never asked).
   */
  get root(): TraceNode {
    return (this.rootNode ??= { fn: this.fn, args: this.args, ret: '', children: [], log: this.logs.slice() });
  }

  /** The machine with every write of this call so far. */
  get m(): Machine {
    return this.cur;
  }

  /** Ends the call's writes: the machine it returns never changes again. */
  seal(): Machine {
    if (this.editing) {
      const m = this.cur;
      if (this.editing & 1) m.devs.seal();
      if (this.editing & 2) m.groups.seal();
      if (this.editing & 4) m.domains.seal();
      if (this.editing & 8) m.containers.seal();
      this.editing = 0;
    }
    this.owns = false;
    return this.cur;
  }

  /** Records as they were before this call first wrote them, by ref key: the step's diff is computed from them. */
  get before(): Map<string, { ref: Ref; rec: unknown }> {
    return beforeMap(this.journal);
  }

  /** The journal of first-written records (see `beforeMap`). */
  get written(): readonly unknown[] {
    return this.journal;
  }

  get rules(): KernelRules {
    return this.design.rules;
  }

  /** `bind`, but only for the top-level call: nested allocations get their own names. */
  topBind(): string | undefined {
    // A quiet call does not track depth; the designs ask only at their top level.
    return this.stack.length <= 1 ? this.bind : undefined;
  }

  // ---- reads --------------------------------------------------------------------------------
  dev(id: number): Device {
    return this.cur.devs.get(id);
  }
  group(id: number): Group {
    return this.cur.groups.get(id);
  }
  domain(id: number): Domain {
    return this.cur.domains.get(id);
  }
  container(id: number): Container {
    return this.cur.containers.get(id);
  }
  name(ref: Ref): string {
    return nameOf(this.cur, ref);
  }

  // ---- writes -------------------------------------------------------------------------------
  /** The machine object this call owns (copied from the given one on the first write). */
  private own(): Mutable<Machine> {
    if (!this.owns) {
      this.cur = copyMachine(this.cur);
      this.owns = true;
    }
    return this.cur as Mutable<Machine>;
  }

  /**
   * The tables, open for in-place writes by this call: one method per table, not one keyed by
   * the table's name (`m[key]`, `TABLE_BIT[key]`: megamorphic keyed accesses, 5 % of a
   * search's call).
   */
  private devsTable(): Table<Device> {
    const m = this.own();
    if (!(this.editing & 1)) {
      m.devs = this.opened(m.devs);
      this.editing |= 1;
    }
    return m.devs;
  }
  private groupsTable(): Table<Group> {
    const m = this.own();
    if (!(this.editing & 2)) {
      m.groups = this.opened(m.groups);
      this.editing |= 2;
    }
    return m.groups;
  }
  private domainsTable(): Table<Domain> {
    const m = this.own();
    if (!(this.editing & 4)) {
      m.domains = this.opened(m.domains);
      this.editing |= 4;
    }
    return m.domains;
  }
  private containersTable(): Table<Container> {
    const m = this.own();
    if (!(this.editing & 8)) {
      m.containers = this.opened(m.containers);
      this.editing |= 8;
    }
    return m.containers;
  }
  /** `t` open for this call. */
  private opened<T>(t: Table<T>): Table<T> {
    return t.edit();
  }

  private remember(kind: number, id: number, rec: unknown): void {
    if (this.journal === NOTHING) this.journal = [];
    const j = this.journal;
    for (let i = 0; i < j.length; i += 3) if (j[i] === kind && j[i + 1] === id) return;
    j.push(kind, id, rec);
  }

  setDev(id: number, p: Patch<Device>): void {
    const old = this.dev(id);
    this.remember(0, id, old);
    this.devsTable().setOwned(id, copyDevice(old, p));
  }
  setGroup(id: number, p: Patch<Group>): void {
    const old = this.group(id);
    this.remember(1, id, old);
    this.groupsTable().setOwned(id, copyGroup(old, p));
  }
  setDomain(id: number, p: Patch<Domain>): void {
    const old = this.domain(id);
    this.remember(2, id, old);
    this.domainsTable().setOwned(id, copyDomain(old, p));
  }
  setContainer(id: number, p: Patch<Container>): void {
    const old = this.container(id);
    this.remember(3, id, old);
    this.containersTable().setOwned(id, copyContainer(old, p));
  }
  /** Machine-wide fields (allocator, iommu unit, counters). */
  setMachine(p: Patch<Omit<Machine, 'devs' | 'groups' | 'domains' | 'containers'>>): void {
    Object.assign(this.own(), p);
  }

  private created1(kind: number, id: number): number {
    if (this.created === NOTHING) this.created = [];
    this.created.push({ kind: KINDS[kind], id });
    return id;
  }
  addDomain(make: (id: number) => Domain): number {
    const t = this.domainsTable();
    return this.created1(2, t.pushOwned(make(t.size)));
  }
  addDevice(make: (id: number) => Device): number {
    const t = this.devsTable();
    return this.created1(0, t.pushOwned(make(t.size)));
  }
  addContainer(make: (id: number) => Container): number {
    const t = this.containersTable();
    return this.created1(3, t.pushOwned(make(t.size)));
  }
  addGroup(make: (id: number) => Group): number {
    const t = this.groupsTable();
    return this.created1(1, t.pushOwned(make(t.size)));
  }

  // ---- trace and log ------------------------------------------------------------------------
  /**
   * Runs `body` as a kernel function nested in the current one: a child node of the trace with
   * its arguments and printed return value.
   */
  call(fn: string, args: readonly (Ref | number | string | null)[], body: () => Value): Value {
    if (this.quiet) return body();
    const node: TraceNode = { fn, args: args.map((a) => this.fmtArg(a)), ret: '', children: [], log: [] };
    this.stack[this.stack.length - 1].children.push(node);
    this.stack.push(node);
    try {
      const v = body();
      node.ret = formatValue(this.m, v);
      return v;
    } catch (e) {
      if (e instanceof KernelOops) node.ret = 'OOPS';
      throw e;
    } finally {
      this.stack.pop();
    }
  }

  fmtArg(a: Ref | number | string | null): string {
    if (a === null) return 'NULL';
    if (typeof a === 'string') return a;
    if (typeof a === 'number') return fmtInt(a);
    return this.name(a);
  }

  /** Formats resolved call arguments for the root trace node. */
  static fmtArgs(m: Machine, args: readonly Arg[]): string[] {
    return args.map((a) => {
      switch (a.t) {
        case 'ref':
          return nameOf(m, a.ref);
        case 'null':
          return 'NULL';
        case 'bus':
          return `&${a.bus}_bus_type`;
        case 'int':
          return fmtInt(a.v);
      }
    });
  }

  /** Every log line in the order the kernel printed it. */
  logs: LogLine[] = NOTHING;

  private log(line: LogLine): void {
    if (!this.quiet) this.stack[this.stack.length - 1].log.push(line);
    if (this.logs === NOTHING) this.logs = [];
    this.logs.push(line);
  }
  /** WARN_ON(): logged with the source location, the call goes on. */
  warn(where: string, text: string): void {
    this.warned = true;
    this.log({ level: 'WARN', text: `WARNING: at ${where}: ${text}` });
  }
  /** pr_err()/dev_err(). */
  err(text: string): void {
    this.log({ level: 'ERR', text });
  }
  info(text: string): void {
    this.log({ level: 'INFO', text });
  }
  /** A kernel crash: logs it, taints the machine and unwinds the call. */
  oops(text: string): never {
    this.log({ level: 'OOPS', text });
    this.setMachine({ tainted: true });
    throw new KernelOops(text);
  }
}
