/**
 * What the runner needs from the scenario language and the core, injected so that the runner
 * and the store are testable with a fake and know nothing about how a scenario is parsed or run.
 */
import type { Design, DesignId } from '../../core';
import type { Reuse, Run, RunEntry, ScnError, Script } from '../../scn';

export type { Reuse, Run, RunEntry, ScnError, Script };

export interface Parsed {
  readonly script: Script | null;
  readonly errors: readonly ScnError[];
}

export interface Engine {
  parse(text: string): Parsed;
  designsFor(script: Script, fallback: DesignId): readonly DesignId[];
  run(script: Script, design: DesignId): Run;
  /**
   * Optional: the same run one statement per `yield`, reusing the first `reuse.keep` entries
   * of an earlier run. Without it the runner calls `run` (no reuse, no slicing).
   */
  runSteps?(script: Script, design: DesignId, reuse?: Reuse): Generator<number, Run>;
  design(id: DesignId): Design;
  /**
   * Optional: the plain-text mail report of a text (src/report/mail.ts), reusing `runs` of it
   * where given. The runner computes it where it runs the text (the run Worker for long ones).
   */
  report?(text: string, runs?: Partial<Record<DesignId, Run>>): string;
  readonly designIds: readonly DesignId[];
}
