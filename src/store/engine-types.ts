/** The engine the store's runner drives (defined with the runner, src/runner/pure/engine.ts). */
export type { Engine, Reuse, Run, RunEntry, ScnError, Script } from '../runner/pure/engine';
