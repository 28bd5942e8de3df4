/**
 * A canonical serialization of a machine, readable: what the search's fingerprint
 * (fingerprint.ts) hashes, written out. Two machines that differ only in what no later call can
 * observe get the same string:
 * - freed domains are not written, and a reference to one is written `~` (its name is gone);
 * - live domains are referred to by name, not by their slot in the domain table;
 * - released groups are written as released only.
 * Counters that decide future names (a container's next `C.dN`, `dom<N>`) are kept, because
 * those names are return values a scenario compares. The fields are record.ts's, shared with
 * the fingerprint.
 */
import type { Machine } from '../core';
import { writeContainer, writeDevice, writeDomain, writeGlobal, writeGroup, type Sink } from './record';

class TextSink implements Sink {
  s = '';
  constructor(private readonly m: Machine) {}
  v(x: string | number): void {
    this.s += `${x},`;
  }
  dev(id: number | null): void {
    this.s += id === null ? 'd-,' : `d${id},`;
  }
  group(id: number | null): void {
    this.s += id === null ? 'g-,' : `g${id},`;
  }
  container(id: number | null): void {
    this.s += id === null ? 'c-,' : `c${id},`;
  }
  domain(id: number | null): void {
    if (id === null) return void (this.s += '-,');
    const d = this.m.domains.get(id);
    this.s += d.freed ? '~,' : `${d.name},`;
  }
  entry(): void {
    this.s += '(';
  }
  end(): void {
    this.s += ')';
  }
}

export function canonOf(m: Machine): string {
  const w = new TextSink(m);
  writeGlobal(w, m);
  w.s += '#';
  for (const d of m.devs.toArray()) {
    writeDevice(w, d);
    w.s += ';';
  }
  w.s += '#';
  for (const g of m.groups.toArray()) {
    writeGroup(w, g);
    w.s += ';';
  }
  w.s += '#';
  // By name: where a domain sits in the table is not part of the state.
  const live = m.domains.toArray().filter((d) => !d.freed);
  const texts = live.map((d) => {
    const x = new TextSink(m);
    writeDomain(x, d);
    return x.s;
  });
  w.s += texts.sort().join(';');
  w.s += '#';
  for (const c of m.containers.toArray()) {
    writeContainer(w, c);
    w.s += ';';
  }
  return w.s;
}
