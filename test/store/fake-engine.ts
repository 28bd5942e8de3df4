/**
 * A fake scenario engine for store tests: every non-empty line is a statement; `pci X` adds a
 * device; a line containing `!!` is a syntax error; `=> bad` fails its expectation.
 */
import type { DesignId, Machine } from '../../src/core';
import type { Engine, Run, RunEntry, Script } from '../../src/store';
import { fakeDesign, machine } from '../derive/machine-fixture';

const IDS: DesignId[] = ['upstream-5.8', 'v3-group-flag', 'domain-flag', 'driver-map', 'pasid-6.x'];

export function fakeEngine(): Engine & { runs: number } {
  const eng = {
    runs: 0,
    designIds: IDS,
    parse(text: string) {
      const lines = text.split('\n');
      const errors = lines.flatMap((l, i) => (l.includes('!!') ? [{ line: i + 1, col: l.indexOf('!!') + 1, message: 'unexpected !!' }] : []));
      return { script: lines as unknown as Script, errors };
    },
    designsFor(script: unknown, fallback: DesignId) {
      const first = (script as string[])[0] ?? '';
      return first.startsWith('design:') ? (first.slice(7).split(',').map((s) => s.trim()) as DesignId[]) : [fallback];
    },
    run(script: unknown, design: DesignId): Run {
      eng.runs++;
      const pci: string[] = [];
      const entries: RunEntry[] = [];
      let m: Machine = machine({});
      let initial: Machine | null = null;
      (script as string[]).forEach((text, i) => {
        if (!text.trim() || text.startsWith('design:')) return;
        const decl = text.startsWith('pci ');
        if (decl) {
          pci.push(text.slice(4).trim());
          m = machine({ pci: [...pci] });
        }
        if (!decl) initial ??= m;
        const ok = text.includes('=>') ? !text.includes('=> bad') : undefined;
        entries.push({ line: i + 1, col: 1, text, kind: decl ? 'decl' : 'call', machine: m, env: new Map(), ok, got: '0' });
      });
      return { design, initial: initial ?? m, entries, errors: [], passed: 0, failed: 0 };
    },
    design: () => fakeDesign,
  };
  return eng;
}
