/**
 * What the store needs from the scenario language and the core, injected so that the store is
 * testable with a fake and knows nothing about how a scenario is parsed or run.
 */
import type { Design, DesignId, Machine, Step } from '../core';

export interface ScnError {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

/** One executed statement of a run, as the scenario runner reports it. */
export interface RunEntry {
  readonly line: number;
  readonly col: number;
  readonly text: string;
  readonly kind: 'call' | 'check' | 'show' | 'decl';
  readonly step?: Step;
  /** The machine after this statement. */
  readonly machine: Machine;
  readonly got?: string;
  readonly expected?: string;
  readonly ok?: boolean;
  readonly error?: string;
}

export interface Run {
  readonly design: DesignId;
  readonly initial: Machine;
  readonly entries: readonly RunEntry[];
  readonly errors: readonly ScnError[];
  readonly passed: number;
  readonly failed: number;
}

export interface Engine {
  /** Parses and runs `text` under each of the given designs (or the header's). */
  parse(text: string): { readonly script: unknown; readonly errors: readonly ScnError[] };
  designsFor(script: unknown, fallback: DesignId): readonly DesignId[];
  run(script: unknown, design: DesignId): Run;
  design(id: DesignId): Design;
  readonly designIds: readonly DesignId[];
}
