/**
 * The names a scenario declares, as the parser meets them. Knowing them at parse time turns
 * a redeclared device or a binding that would hide a device into a syntax error at the right
 * column, instead of a confusing result many lines later.
 */
import { CONSTANTS } from '../core';
import { LineError } from './lexer';

export type NameKind = 'pci device' | 'mdev' | 'group' | 'container' | 'binding';

interface Entry {
  readonly kind: NameKind;
  readonly line: number;
}

/**
 * Words that mean something by themselves in a statement, an argument or a value; an object
 * named like one of them could never be referred to.
 */
const RESERVED = new Set([
  'design',
  'iommu',
  'pci',
  'mdev',
  'container',
  'show',
  'dma',
  'identity',
  'NULL',
  'ERR_PTR',
  'true',
  'false',
  'void',
  'unsupported',
  'OOPS',
  'WARN',
]);

function isReserved(name: string): boolean {
  return RESERVED.has(name) || Object.hasOwn(CONSTANTS, name);
}

/** `bound at line 3`, `declared as a pci device at line 2`. */
const history = (e: Entry): string =>
  `${e.kind === 'binding' ? 'bound' : `declared as a ${e.kind}`} at line ${e.line}`;

export class Scope {
  private readonly names = new Map<string, Entry>();
  /** Line of the `iommu` declaration, if any. */
  iommuLine: number | null = null;
  /** Line of the first call; null before it. */
  firstCall: number | null = null;

  kindOf(name: string): NameKind | null {
    return this.names.get(name)?.kind ?? null;
  }

  /**
   * Records `name` as a new `kind` object, or throws at `col`. A binding may be rebound
   * (a later call's result replaces it); nothing else may be declared twice.
   */
  claim(name: string, kind: NameKind, line: number, col: number): void {
    if (isReserved(name)) {
      throw new LineError(col, `expected a name, found the reserved word '${name}'`);
    }
    const prev = this.names.get(name);
    if (prev && !(prev.kind === 'binding' && kind === 'binding')) {
      throw new LineError(col, `'${name}' is already ${history(prev)}`);
    }
    if (!prev) this.names.set(name, { kind, line });
  }

  /**
   * A group mentioned by `group=G` (joined when it exists) or the implicit `G_<dev>`
   * (always new). Throws when the name is taken by something that is not a group.
   */
  group(name: string, line: number, col: number, mustBeNew: boolean): void {
    const prev = this.names.get(name);
    if (!prev) return this.claim(name, 'group', line, col);
    if (prev.kind === 'group' && !mustBeNew) return;
    throw new LineError(col, `group '${name}' clashes with '${name}' ${history(prev)}`);
  }
}
