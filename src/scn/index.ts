/**
 * The scenario language (`.scn`): parse text, run it under a design, report the results.
 * Pure and deterministic (no DOM, no clock): the CLI, the browser and the tests share it.
 *
 *   parseScenario(text)          → { script, errors }      syntax only, never throws
 *   designsFor(script, fallback) → DesignId[]               the header's designs or the fallback
 *   runScenario(script, design)  → Run                      entries with steps, machines, results
 *   checkScenario(file, text)    → FileReport               parse + run every design
 *   formatReport(reports)        → string                   what `npm run check` prints
 *   scenarioTitle(text)          → string                   its first line's `#` comment
 */
export type * from './ast';
export { parseScenario } from './parser';
export { scenarioTitle } from './title';
export { designsFor, runScenario, runScenarioSteps, MAX_STATEMENTS } from './runner';
export type { Budget, Run, RunEntry, Reuse } from './runner';
export type { Env } from './resolve';
export { Bindings } from './bindings';
export { pickAlternative, valueMatches } from './expect';
export { checkScenario, formatReport, reportLines, totals } from './report';
export type { FileReport } from './report';
