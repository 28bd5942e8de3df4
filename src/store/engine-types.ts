/**
 * What the store needs from the scenario language and the core, injected so that the store is
 * testable with a fake and knows nothing about how a scenario is parsed or run.
 */
import type { Design, DesignId } from '../core';
import type { Run, RunEntry, ScnError, Script } from '../scn';

export type { Run, RunEntry, ScnError, Script };

export interface Engine {
  parse(text: string): { readonly script: Script | null; readonly errors: readonly ScnError[] };
  designsFor(script: Script, fallback: DesignId): readonly DesignId[];
  run(script: Script, design: DesignId): Run;
  design(id: DesignId): Design;
  readonly designIds: readonly DesignId[];
}
