/**
 * scn.check_ms alone, in CPU time (for before/after comparisons on a shared machine):
 *   npx tsx bench/profile-scn.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkScenario } from '../src/scn/index';

const dir = join(import.meta.dirname ?? '.', '..', 'test', 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.scn')).map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);
const cpu: number[] = [];
for (let run = 0; run < 7; run++) {
  const c = process.cpuUsage();
  for (const [f, text] of files) checkScenario(f, text);
  const u = process.cpuUsage(c);
  cpu.push((u.user + u.system) / 1000);
}
console.log(`scn check cpu ms per run: ${cpu.map((x) => x.toFixed(0)).join(' ')}; median ${[...cpu].sort((a, b) => a - b)[3].toFixed(0)}`);
