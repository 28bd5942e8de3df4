/**
 * Machine declarations: `iommu vtd [opt=val…]`, `pci NAME [flags…]`, `mdev NAME parent=P …`,
 * `container NAME`. Each maps onto one core `Decl`; defaults are the ones the format promises
 * (no PASID capability, a singleton group `G_<name>`).
 */
import type { Decl } from '../core';
import { describe, Lexer, LineError, numberValue, type Token } from './lexer';
import type { Scope } from './scope';
import { didYouMean } from './suggest';

/** The words that start a declaration. */
export const DECL_KEYWORDS = ['iommu', 'pci', 'mdev', 'container'] as const;
export type DeclKeyword = (typeof DECL_KEYWORDS)[number];

/** VT-d options and the values each accepts. */
const IOMMU_OPTS: Readonly<Record<string, 'onoff' | 'int'>> = {
  scalable: 'onoff',
  pasid: 'onoff',
  svm: 'onoff',
  superpage: 'onoff',
  mgaw: 'int',
  ndoms: 'int',
};
const PCI_FLAGS = ['siov', 'rmrr', 'passthrough', 'ats', 'pri'] as const;
const PCI_OPTS = ['pasids', 'group', ...PCI_FLAGS];
const MDEV_OPTS = ['parent', 'iommu', 'group'];

interface Option {
  readonly key: Token;
  /** null for a bare flag (`siov`). */
  readonly value: Token | null;
}

/** `key[=value]` options up to the end of the line; a key given twice is an error. */
function options(lx: Lexer, allowed: readonly string[], owner: string): Map<string, Option> {
  const out = new Map<string, Option>();
  for (let t = lx.next(); t.kind !== 'eol'; t = lx.next()) {
    if (t.kind !== 'ident') {
      throw new LineError(t.col, `expected an option of ${owner}, found ${describe(t)}`);
    }
    if (!allowed.includes(t.text)) {
      const hint = didYouMean(t.text, allowed) || ` (options: ${allowed.join(', ')})`;
      throw new LineError(t.col, `unknown option '${t.text}' of ${owner}${hint}`);
    }
    if (out.has(t.text)) throw new LineError(t.col, `option '${t.text}' is given twice`);
    let value: Token | null = null;
    if (lx.eat('=')) {
      value = lx.next();
      if (value.kind !== 'ident' && value.kind !== 'number') {
        throw new LineError(
          value.col,
          `expected a value after '${t.text}=', found ${describe(value)}`,
        );
      }
    }
    out.set(t.text, { key: t, value });
  }
  return out;
}

/** The value of `key=value`, required; flags must not have one. */
function valueOf(o: Option): Token {
  if (o.value === null) {
    throw new LineError(o.key.col, `expected '=' after '${o.key.text}', found a bare flag`);
  }
  return o.value;
}

function intValue(o: Option): number {
  const v = valueOf(o);
  const n = v.kind === 'number' ? numberValue(v.text) : null;
  if (n === null) {
    throw new LineError(v.col, `expected a number after '${o.key.text}=', found '${v.text}'`);
  }
  return n;
}

function name(lx: Lexer, what: string, after: string): Token {
  const t = lx.next();
  if (t.kind !== 'ident') {
    throw new LineError(t.col, `expected ${what} after '${after}', found ${describe(t)}`);
  }
  return t;
}

function iommu(lx: Lexer, scope: Scope, line: number, col: number): Decl {
  if (scope.iommuLine !== null) {
    throw new LineError(col, `'iommu' is already declared at line ${scope.iommuLine}`);
  }
  if (scope.firstCall !== null) {
    // The platform IOMMU is probed before any device: changing it under live domains means nothing.
    throw new LineError(col, `'iommu' must come before the first call (line ${scope.firstCall})`);
  }
  const driver = name(lx, 'an IOMMU driver', 'iommu');
  if (driver.text !== 'vtd') {
    throw new LineError(driver.col, `expected the IOMMU driver 'vtd', found '${driver.text}'`);
  }
  const opts: Record<string, string> = {};
  for (const [key, o] of options(lx, Object.keys(IOMMU_OPTS), "'iommu vtd'")) {
    if (IOMMU_OPTS[key] === 'int') opts[key] = String(intValue(o));
    else {
      const v = valueOf(o);
      if (v.text !== 'on' && v.text !== 'off') {
        throw new LineError(v.col, `expected 'on' or 'off' after '${key}=', found '${v.text}'`);
      }
      opts[key] = v.text;
    }
  }
  scope.iommuLine = line;
  return { kind: 'iommu', driver: 'vtd', opts };
}

/** The device's group: `group=G` (joined or created), else its own new `G_<name>`. */
function groupOf(
  opts: Map<string, Option>,
  dev: Token,
  scope: Scope,
  line: number,
): string | undefined {
  const g = opts.get('group');
  if (!g) {
    scope.group(`G_${dev.text}`, line, dev.col, true);
    return undefined;
  }
  const v = valueOf(g);
  if (v.kind !== 'ident') {
    throw new LineError(v.col, `expected a group name after 'group=', found '${v.text}'`);
  }
  scope.group(v.text, line, v.col, false);
  return v.text;
}

function pci(lx: Lexer, scope: Scope, line: number): Decl {
  const dev = name(lx, 'a device name', 'pci');
  scope.claim(dev.text, 'pci device', line, dev.col);
  const opts = options(lx, PCI_OPTS, `pci '${dev.text}'`);
  for (const f of PCI_FLAGS) {
    const o = opts.get(f);
    if (o?.value) {
      throw new LineError(
        o.value.col,
        `expected no value for the flag '${f}', found '=${o.value.text}'`,
      );
    }
  }
  const pasids = opts.has('pasids') ? intValue(opts.get('pasids')!) : 0;
  const group = groupOf(opts, dev, scope, line);
  return {
    kind: 'pci',
    name: dev.text,
    pasids,
    siov: opts.has('siov'),
    rmrr: opts.has('rmrr'),
    passthrough: opts.has('passthrough'),
    ats: opts.has('ats'),
    pri: opts.has('pri'),
    ...(group === undefined ? {} : { group }),
  };
}

function mdev(lx: Lexer, scope: Scope, line: number): Decl {
  const dev = name(lx, 'a device name', 'mdev');
  scope.claim(dev.text, 'mdev', line, dev.col);
  const opts = options(lx, MDEV_OPTS, `mdev '${dev.text}'`);
  const p = opts.get('parent');
  if (!p) {
    throw new LineError(
      lx.src.trimEnd().length + 1,
      `expected 'parent=P' for mdev '${dev.text}', found end of line`,
    );
  }
  const parent = valueOf(p);
  const kind = scope.kindOf(parent.text);
  if (kind !== 'pci device') {
    const found = kind === null ? 'an undeclared name' : `a ${kind}`;
    throw new LineError(
      parent.col,
      `expected a declared pci device after 'parent=', found ${found} '${parent.text}'`,
    );
  }
  const io = opts.get('iommu');
  if (io && valueOf(io).text !== 'none') {
    throw new LineError(
      valueOf(io).col,
      `expected 'none' after 'iommu=', found '${valueOf(io).text}'`,
    );
  }
  const group = groupOf(opts, dev, scope, line);
  return {
    kind: 'mdev',
    name: dev.text,
    parent: parent.text,
    iommu: !io,
    ...(group === undefined ? {} : { group }),
  };
}

function container(lx: Lexer, scope: Scope, line: number): Decl {
  const c = name(lx, 'a container name', 'container');
  scope.claim(c.text, 'container', line, c.col);
  const extra = lx.next();
  if (extra.kind !== 'eol') {
    throw new LineError(
      extra.col,
      `expected end of line after the container name, found ${describe(extra)}`,
    );
  }
  return { kind: 'container', name: c.text };
}

/** Parses the rest of a declaration line whose keyword (at `col`) was already consumed. */
export function parseDecl(
  kw: DeclKeyword,
  lx: Lexer,
  scope: Scope,
  line: number,
  col: number,
): Decl {
  switch (kw) {
    case 'iommu':
      return iommu(lx, scope, line, col);
    case 'pci':
      return pci(lx, scope, line);
    case 'mdev':
      return mdev(lx, scope, line);
    case 'container':
      return container(lx, scope, line);
  }
}
