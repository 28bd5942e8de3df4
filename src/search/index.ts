/**
 * The search for the shortest disagreement. Pure (no DOM, no clock but the one passed in):
 * it runs the same in Node (`npm run search`), in the tests and in the browser's Worker.
 *
 *   search(opts) → SearchResult
 *
 * Split by concern:
 *   machine.ts      the small machine explored (spec, declarations, names)
 *   alphabet.ts     which calls, with which arguments (derived from the signatures)
 *   record.ts       what each record is made of, written once for both of:
 *   fingerprint.ts  the visited-state fingerprint; canon.ts the readable canonical form
 *   symmetry.ts     interchangeable objects: a state and its renamings count once
 *   space.ts        the space explored: a node's transitions, the finding rule
 *   bfs.ts          the breadth-first exploration and the result
 *   parallel.ts     the same search over several expanders (expander.ts), same result
 *   replay.ts       a found path as a scenario: replay, shrink, write, verify
 */
export { DEFAULT_MACHINE, parseSpec, specText, declLines, namesOf, setupCalls, type MachineSpec } from './machine';
export { canonOf } from './canon';
export { fingerprint } from './fingerprint';
export { ALPHABET, DEFAULT_CALLS, type Slot } from './alphabet';
export { search, stopText, DEFAULT_DEPTH, DEFAULT_MAX_STATES, type SearchOptions, type SearchProgress, type SearchResult, type StopPoint } from './bfs';
export { shrink } from './replay';
export { nodeBytes, sizeText, type Held } from './memory';
export { KeySet } from './keyset';
export { searchParallel, inProcessPool, SPLIT_AT, type ExpanderPool, type Peer, type ParallelTuning, type ParallelStats } from './parallel';
export { serveExpander, type ExpanderPort, type ToExpander, type FromExpander } from './expander';
