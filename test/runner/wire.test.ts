import { describe, expect, it } from 'vitest';
import { DESIGN_IDS, newMachine, type DesignId, type Machine } from '../../src/core';
import { sharedPrefix } from '../../src/runner';
import { applyPatch, machinePatch, RunDecoder, RunEncoder, sameViolations, splitWire, WireBuiltStep } from '../../src/runner/wire';
import { ScriptDecoder, ScriptEncoder } from '../../src/runner/wire-script';
import { parseScenario, runScenario, runScenarioSteps, type Run } from '../../src/scn';
import { libraryFiles, libraryText } from '../library';
import { plainMachine, plainRun } from './plain';

/** A small seeded generator (mulberry32): the same edits on every run of the test. */
function rng(seed: number) {
  let a = seed;
  return (n: number) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const CALLS = ['iommu_get_domain_for_dev(m1)', 'iommu_aux_attach_device(D, m1)', 'iommu_aux_detach_device(D, m1)', 'iommu_dev_disable_feature(P1, IOMMU_DEV_FEAT_AUX)', 'D = iommu_domain_alloc(pci)', 'show D'];

/** A random edit: delete, insert (a call, or a copy of another line) or change one line. */
function edit(text: string, r: (n: number) => number): string {
  const lines = text.split('\n');
  const at = r(lines.length);
  switch (r(3)) {
    case 0:
      return [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n');
    case 1:
      return [...lines.slice(0, at), r(2) ? CALLS[r(CALLS.length)] : lines[r(lines.length)], ...lines.slice(at)].join('\n');
    default:
      return [...lines.slice(0, at), `${lines[at]} `, ...lines.slice(at + 1)].join('\n');
  }
}

describe('runs over the wire', () => {
  it('a run rebuilt from the wire equals the run made directly (library scenarios, random edits, every design; through structured clone)', () => {
    const r = rng(12);
    let checked = 0;
    let kept = 0;
    for (const f of libraryFiles()) {
      // Two designs per scenario, varied: all five over the library, and the test stays short.
      const designs: DesignId[] = [DESIGN_IDS[r(DESIGN_IDS.length)], DESIGN_IDS[r(DESIGN_IDS.length)]];
      for (const d of new Set(designs)) {
        const enc = new RunEncoder();
        const dec = new RunDecoder();
        let text = libraryText(f);
        let prev: { script: ReturnType<typeof parseScenario>['script']; run: Run } | null = null;
        for (let k = 0; k < 4; k++, text = edit(text, r)) {
          const { script, errors } = parseScenario(text);
          if (!script || errors.length) continue;
          // As the host runs it: continuing the previous run where the edit leaves it valid.
          const keep = prev ? sharedPrefix(prev.script, script) : 0;
          const it = runScenarioSteps(script, d, prev && keep > 0 ? { prev: prev.run, keep } : undefined);
          let n: IteratorResult<number, Run>;
          do n = it.next();
          while (!n.done);
          const run = n.value;
          const wire = structuredClone(enc.encode(run));
          kept += wire.keep;
          // In parts, as the host posts long runs (small parts here, so most runs have several).
          const parts = splitWire(wire, 1 + r(12));
          parts.slice(0, -1).forEach((p) => expect(dec.decode(p)).toBeNull());
          const got = dec.decode(parts.at(-1)!)!;
          expect(plainRun(got), `${f} ${d} edit ${k}`).toEqual(plainRun(runScenario(script, d)));
          prev = { script, run };
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(80);
    expect(kept).toBeGreaterThan(0);
  }, 120_000);

  it('the page keeps its own entries for the kept part, and unchanged records keep their identity', () => {
    const text = libraryText('demo-stale-group-flag.scn');
    const script = parseScenario(text).script!;
    const enc = new RunEncoder();
    const dec = new RunDecoder();
    const a = runScenario(script, 'v3-group-flag');
    const pa = dec.decode(structuredClone(enc.encode(a)))!;
    const next = parseScenario(`${text}iommu_get_domain_for_dev(m1)\n`).script!;
    const it = runScenarioSteps(next, 'v3-group-flag', { prev: a, keep: sharedPrefix(script, next) });
    let n: IteratorResult<number, Run>;
    do n = it.next();
    while (!n.done);
    const wire = structuredClone(enc.encode(n.value));
    expect(wire.keep).toBe(a.entries.length);
    expect(wire.entries).toHaveLength(1);
    const pb = dec.decode(wire)!;
    pa.entries.forEach((e, i) => expect(pb.entries[i]).toBe(e));
    // The new entry's machine shares every record the call did not write with the one before.
    const before = pb.entries.at(-2)!.machine;
    const after = pb.entries.at(-1)!.machine;
    for (let id = 0; id < before.devs.size; id++) expect(after.devs.get(id)).toBe(before.devs.get(id));
    expect(pb.entries.at(-1)!.step).toBeInstanceOf(WireBuiltStep);
  });

  it('a patch names only the records that differ, and applying it gives the machine', () => {
    const m0 = newMachine();
    const rec = { id: 0, name: 'C', domain_list: [], external_domain: null, next_dom: 0, mdev_pasids: {} };
    const m1: Machine = { ...m0, containers: m0.containers.push(rec as never), next_dom: 3 };
    const p = machinePatch(m0, m1)!;
    expect(p).toEqual({ t: { containers: [0, rec] }, f: { next_dom: 3 } });
    expect(machinePatch(m1, m1)).toBeUndefined();
    const got = applyPatch(m0, structuredClone(p));
    expect(plainMachine(got)).toEqual(plainMachine(m1));
    expect(got.devs).toBe(m0.devs);
  });

  it('the script crosses as the statements after those equal to the previous answer', () => {
    const enc = new ScriptEncoder();
    const dec = new ScriptDecoder();
    const a = parseScenario('pci P1 siov\nmdev m1 parent=P1\niommu_get_domain_for_dev(m1)\n').script!;
    expect(dec.decode(structuredClone(enc.encode(a)))).toEqual(a);
    const b = parseScenario('pci P1 siov\nmdev m1 parent=P1\niommu_get_domain_for_dev(m1) => NULL\n').script!;
    const w = enc.encode(b);
    expect(w).toMatchObject({ same: 2 });
    expect(dec.decode(structuredClone(w))).toEqual(b);
    expect(dec.decode(enc.encode(null))).toBeNull();
  });

  it('a statement is the same only with the same kind, line, column and text', () => {
    const parse = (t: string) => parseScenario(t).script!;
    const enc = new ScriptEncoder();
    const dec = new ScriptDecoder();
    const cross = (t: string) => {
      const sc = parse(t);
      const w = enc.encode(sc);
      expect(dec.decode(structuredClone(w))).toEqual(sc);
      return 'same' in w ? w.same : -1;
    };
    expect(cross('pci P1 siov\nmdev m1 parent=P1\n')).toBe(0);
    expect(cross('pci P1 siov\nmdev m1 parent=P1\n')).toBe(2);
    // The same text one line lower: nothing is the same (a statement's line is part of it).
    expect(cross('\npci P1 siov\nmdev m1 parent=P1\n')).toBe(0);
    expect(cross('\npci P1 siov\nmdev m1 parent=P1\n')).toBe(2);
    // Indented: same line and text, another column.
    expect(cross('\n  pci P1 siov\nmdev m1 parent=P1\n')).toBe(0);
    // Another text on the same line.
    expect(cross('\n  pci P1 siov\nmdev m2 parent=P1\n')).toBe(1);
    // Fewer statements: the shared ones stay.
    expect(cross('\n  pci P1 siov\n')).toBe(1);
    // A whole fake script resets what the next answer may share.
    expect(dec.decode(enc.encode({ fake: true } as never))).toEqual({ fake: true });
    expect(cross('\n  pci P1 siov\n')).toBe(0);
  });
});

describe('sameViolations: equal by content', () => {
  const v = (code: string, message = code, objects: { kind: 'dev' | 'group'; id: number }[] = []) => ({ code, message, objects });
  it('the same code, message and objects in the same order, and nothing else', () => {
    const a = [v('x', 'm', [{ kind: 'dev', id: 1 }])];
    expect(sameViolations(a, a)).toBe(true);
    expect(sameViolations(a, [v('x', 'm', [{ kind: 'dev', id: 1 }])])).toBe(true);
    expect(sameViolations([], [])).toBe(true);
    expect(sameViolations(a, [])).toBe(false);
    expect(sameViolations(a, [v('y', 'm', [{ kind: 'dev', id: 1 }])])).toBe(false);
    expect(sameViolations(a, [v('x', 'n', [{ kind: 'dev', id: 1 }])])).toBe(false);
    expect(sameViolations(a, [v('x', 'm', [{ kind: 'group', id: 1 }])])).toBe(false);
    expect(sameViolations(a, [v('x', 'm', [{ kind: 'dev', id: 2 }])])).toBe(false);
    expect(sameViolations(a, [v('x', 'm', [])])).toBe(false);
    expect(sameViolations(a, [v('x', 'm', [{ kind: 'dev', id: 1 }, { kind: 'dev', id: 2 }])])).toBe(false);
  });
});

describe('bindings cross the wire', () => {
  it('a rebinding, and a run whose later entry has fewer names, decode to the same env', () => {
    // `D = …` twice (a rebinding), then an edit that drops the first binding: the entries'
    // envs must decode equal to the run's own.
    const texts = [
      'pci P1 siov\ncontainer C\nD = iommu_domain_alloc(pci)\nE = iommu_domain_alloc(pci)\nD = iommu_domain_alloc(pci)\niommu_attach_device(D, P1)\n',
      'pci P1 siov\ncontainer C\nE = iommu_domain_alloc(pci)\nD = iommu_domain_alloc(pci)\niommu_attach_device(D, P1)\n',
    ];
    const enc = new RunEncoder();
    const dec = new RunDecoder();
    for (const t of texts) {
      const run = runScenario(parseScenario(t).script!, 'upstream-5.8');
      const got = dec.decode(structuredClone(enc.encode(run)))!;
      expect(got.entries.map((e) => [...e.env])).toEqual(run.entries.map((e) => [...e.env]));
    }
  });
});
