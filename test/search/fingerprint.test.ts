/**
 * The two record hashers of fingerprint.ts give the same lanes: the one-pass LaneSink (what the
 * search hashes per transition, nothing kept) and HashSink, which keeps each record's parts for
 * symmetry.ts and sums them afterwards. Checked on every machine of every library scenario
 * (every record kind, keyed-map entries, container domains, freed domains, PASID owners).
 */
import { describe, expect, it } from 'vitest';
import type { Machine } from '../../src/core/index';
import { parseScenario, runScenario } from '../../src/scn/index';
import { globalInfo, hashOf, infoOf, lanesOf, TABLES } from '../../src/search/fingerprint';
import { libraryFiles, libraryText } from '../library';

type Rec = Parameters<typeof hashOf>[2];

/** The lanes of a machine from HashSink's parts alone. */
function lanesFromParts(m: Machine): [number, number] {
  const g = globalInfo(m);
  let a = g.a;
  let b = g.b;
  TABLES.forEach((t, kind) => {
    for (const rec of m[t] as Iterable<Rec>) {
      if (kind === 2 && (rec as { freed: boolean }).freed) continue;
      const h = infoOf(m, kind as 0 | 1 | 2 | 3, rec);
      a = (a + h.a) >>> 0;
      b = (b + h.b) >>> 0;
    }
  });
  return [a, b];
}

describe('record hashing in one pass', () => {
  it('gives the lanes the parts give, for every record of every library scenario machine', () => {
    let records = 0;
    for (const f of libraryFiles()) {
      const { script } = parseScenario(libraryText(f));
      for (const id of script.header?.designs ?? []) {
        const ms = runScenario(script, id).entries.map((e) => e.machine);
        for (const m of ms) {
          TABLES.forEach((t, kind) => {
            for (const rec of m[t] as Iterable<Rec>) {
              const k = kind as 0 | 1 | 2 | 3;
              const one = hashOf(m, k, rec);
              const parts = infoOf(m, k, rec);
              expect([one.a, one.b], `${f} ${id} ${t}`).toEqual([parts.a, parts.b]);
              records++;
            }
          });
          expect(lanesOf(m), f).toEqual(lanesFromParts(m));
        }
      }
    }
    expect(records).toBeGreaterThan(1000);
  });
});
