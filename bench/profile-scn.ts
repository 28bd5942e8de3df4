/**
 * scn.check_ms alone, in CPU time (for before/after comparisons on a shared machine):
 *   npx tsx bench/profile-scn.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkScenario } from '../src/scn/index';

// The conformance scenarios, as scn.check_ms reads them (bench/check.ts); none found is an error, not 0 ms.
const dir = join(import.meta.dirname ?? '.', '..', 'src', 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.scn')).map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
if (!files.length) throw new Error(`bench/profile-scn.ts: no .scn files in ${dir}`);
const cpu: number[] = [];
for (let run = 0; run < 7; run++) {
  const c = process.cpuUsage();
  for (const [f, text] of files) checkScenario(f, text);
  const u = process.cpuUsage(c);
  cpu.push((u.user + u.system) / 1000);
}
console.log(`scn check cpu ms per run (${files.length} files): ${cpu.map((x) => x.toFixed(0)).join(' ')}; median ${[...cpu].sort((a, b) => a - b)[3].toFixed(0)}`);
