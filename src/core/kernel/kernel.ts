/**
 * Kernel: the context one call runs in. It wraps an immutable Machine and gives the emulated
 * kernel code a mutable-looking view of it: reads see earlier writes of the same call, every
 * write replaces one record (copy-on-write through Table), and the trace records the call
 * tree as the kernel code descends. Nothing here outlives the call.
 */
import type { Design, KernelRules } from '../design';
import type { Container, Device, Domain, Group, Machine, Ref } from '../model';
import type { Arg, LogLine, TraceNode } from '../step';
import type { Value } from '../value';
import { formatValue } from '../format';
import { nameOf } from '../names';

/**
 * Thrown by `oops()` to unwind the emulated kernel the way a GPF kills the calling thread.
 * It never escapes the engine: applyCall turns it into the value `OOPS`.
 */
export class KernelOops {
  constructor(readonly why: string) {}
}

/** An integer argument as the trace prints it: addresses and sizes in hex, small values in decimal. */
const fmtInt = (v: number): string => (v >= 0x1000 ? `0x${v.toString(16)}` : String(v));

type Patch<T> = { -readonly [K in keyof T]?: T[K] };

export class Kernel {
  m: Machine;
  /** Records as they were before this call, by ref key: the step's diff is computed from them. */
  readonly before = new Map<string, { ref: Ref; rec: unknown }>();
  readonly created: Ref[] = [];
  readonly root: TraceNode;
  private stack: TraceNode[];
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
    this.m = m;
    this.root = { fn, args, ret: '', children: [], log: [] };
    this.stack = [this.root];
  }

  get rules(): KernelRules {
    return this.design.rules;
  }

  /** `bind`, but only for the top-level call: nested allocations get their own names. */
  topBind(): string | undefined {
    return this.stack.length === 1 ? this.bind : undefined;
  }

  // ---- reads --------------------------------------------------------------------------------
  dev(id: number): Device {
    return this.m.devs.get(id);
  }
  group(id: number): Group {
    return this.m.groups.get(id);
  }
  domain(id: number): Domain {
    return this.m.domains.get(id);
  }
  container(id: number): Container {
    return this.m.containers.get(id);
  }
  name(ref: Ref): string {
    return nameOf(this.m, ref);
  }

  // ---- writes -------------------------------------------------------------------------------
  private remember(ref: Ref, rec: unknown): void {
    const key = `${ref.kind}:${ref.id}`;
    if (!this.before.has(key)) this.before.set(key, { ref, rec });
  }

  setDev(id: number, p: Patch<Device>): void {
    const old = this.m.devs.get(id);
    this.remember({ kind: 'dev', id }, old);
    this.m = { ...this.m, devs: this.m.devs.set(id, { ...old, ...p }) };
  }
  setGroup(id: number, p: Patch<Group>): void {
    const old = this.m.groups.get(id);
    this.remember({ kind: 'group', id }, old);
    this.m = { ...this.m, groups: this.m.groups.set(id, { ...old, ...p }) };
  }
  setDomain(id: number, p: Patch<Domain>): void {
    const old = this.m.domains.get(id);
    this.remember({ kind: 'domain', id }, old);
    this.m = { ...this.m, domains: this.m.domains.set(id, { ...old, ...p }) };
  }
  setContainer(id: number, p: Patch<Container>): void {
    const old = this.m.containers.get(id);
    this.remember({ kind: 'container', id }, old);
    this.m = { ...this.m, containers: this.m.containers.set(id, { ...old, ...p }) };
  }
  /** Machine-wide fields (allocator, iommu unit, counters). */
  setMachine(p: Patch<Omit<Machine, 'devs' | 'groups' | 'domains' | 'containers'>>): void {
    this.m = { ...this.m, ...p };
  }

  addDomain(make: (id: number) => Domain): number {
    const id = this.m.domains.size;
    this.m = { ...this.m, domains: this.m.domains.push(make(id)) };
    this.created.push({ kind: 'domain', id });
    return id;
  }
  addDevice(make: (id: number) => Device): number {
    const id = this.m.devs.size;
    this.m = { ...this.m, devs: this.m.devs.push(make(id)) };
    this.created.push({ kind: 'dev', id });
    return id;
  }
  addContainer(make: (id: number) => Container): number {
    const id = this.m.containers.size;
    this.m = { ...this.m, containers: this.m.containers.push(make(id)) };
    this.created.push({ kind: 'container', id });
    return id;
  }
  addGroup(make: (id: number) => Group): number {
    const id = this.m.groups.size;
    this.m = { ...this.m, groups: this.m.groups.push(make(id)) };
    this.created.push({ kind: 'group', id });
    return id;
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
  readonly logs: LogLine[] = [];

  private log(line: LogLine): void {
    this.stack[this.stack.length - 1].log.push(line);
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
