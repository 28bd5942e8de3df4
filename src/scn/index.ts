/**
 * The scenario language (`.scn`): parse text, run it under a design, report the results.
 * Pure and deterministic: no DOM, no clock; the CLI, the browser and the tests share it.
 */
export type * from './ast';
export { parseScenario } from './parser';
