import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scn';
import type { CallStmt, CheckStmt, DeclStmt, Stmt } from '../../src/scn';

/** Parses text that must be valid and returns its statements. */
function ok(text: string): Stmt[] {
  const { script, errors } = parseScenario(text);
  expect(errors).toEqual([]);
  return [...script.stmts];
}

/** The one error of `text`, as `line:col: message`. */
function err(text: string): string {
  const { errors } = parseScenario(text);
  expect(errors).toHaveLength(1);
  const [e] = errors;
  return `${e.line}:${e.col}: ${e.message}`;
}

const call = (text: string): CallStmt => ok(text).find((s) => s.kind === 'call') as CallStmt;

describe('header', () => {
  it('reads one or several design ids with their columns', () => {
    const { script } = parseScenario('design: upstream-5.8, pasid-6.x\n');
    expect(script.header).toEqual({
      designs: ['upstream-5.8', 'pasid-6.x'],
      cols: [9, 23],
      line: 1,
    });
  });
  it('may follow declarations', () => {
    expect(parseScenario('pci P1\ndesign: driver-map').script.header?.designs).toEqual([
      'driver-map',
    ]);
  });
  it('rejects an unknown id at its column, with a suggestion', () => {
    expect(err('design: upstream-5.8, upstream-58')).toBe(
      "1:23: unknown design 'upstream-58', did you mean 'upstream-5.8'?",
    );
    expect(err('design: linux')).toMatch(/^1:9: unknown design 'linux' \(known: upstream-5\.8, /);
  });
  it('rejects a second header, a header after a call, a repeated id, a missing id', () => {
    expect(err('design: driver-map\ndesign: pasid-6.x')).toBe(
      "2:1: expected one 'design:' header, found a second one (the first is at line 1)",
    );
    expect(err('pci P\niommu_group_get(P)\n  design: driver-map')).toBe(
      "3:3: expected the 'design:' header before the first call (line 2)",
    );
    expect(err('design: driver-map, driver-map')).toBe("1:21: design 'driver-map' is listed twice");
    expect(err('design:')).toBe('1:8: expected a design id, found end of line');
    expect(err('design driver-map')).toBe("1:8: expected ':' after 'design', found 'driver'");
    expect(err('design: driver-map pasid-6.x')).toBe(
      "1:20: expected ',' or end of line after a design id, found 'pasid-6.x'",
    );
  });
});

describe('declarations', () => {
  const decl = (text: string) => (ok(text).at(-1) as DeclStmt).decl;

  it('maps pci flags and defaults onto the core Decl', () => {
    expect(decl('pci V')).toEqual({
      kind: 'pci',
      name: 'V',
      pasids: 0,
      siov: false,
      rmrr: false,
      passthrough: false,
      ats: false,
      pri: false,
    });
    expect(decl('pci P1 pasids=0x100000 siov rmrr passthrough ats pri group=G')).toEqual({
      kind: 'pci',
      name: 'P1',
      pasids: 0x100000,
      siov: true,
      rmrr: true,
      passthrough: true,
      ats: true,
      pri: true,
      group: 'G',
    });
  });
  it('maps mdev, container and iommu', () => {
    expect(decl('pci P\nmdev m parent=P')).toEqual({
      kind: 'mdev',
      name: 'm',
      parent: 'P',
      iommu: true,
    });
    expect(decl('pci P\nmdev m parent=P iommu=none group=Gmix')).toEqual({
      kind: 'mdev',
      name: 'm',
      parent: 'P',
      iommu: false,
      group: 'Gmix',
    });
    expect(decl('container C')).toEqual({ kind: 'container', name: 'C' });
    expect(decl('iommu vtd scalable=off mgaw=48')).toEqual({
      kind: 'iommu',
      driver: 'vtd',
      opts: { scalable: 'off', mgaw: '48' },
    });
  });
  it('keeps line and column of the keyword', () => {
    const [s] = ok('\n   pci P1 siov # the parent');
    expect(s).toMatchObject({ kind: 'decl', line: 2, col: 4, text: 'pci P1 siov' });
  });
  it('lets devices share a named group', () => {
    expect(ok('pci a group=G2\npci b group=G2')).toHaveLength(2);
  });
  it('rejects a name declared twice, or clashing with a group', () => {
    expect(err('pci P1\npci P1')).toBe("2:5: 'P1' is already declared as a pci device at line 1");
    expect(err('container C\npci P group=C')).toBe(
      "2:13: group 'C' clashes with 'C' declared as a container at line 1",
    );
    expect(err('pci a\ncontainer G_a')).toBe(
      "2:11: 'G_a' is already declared as a group at line 1",
    );
    expect(err('pci x group=G_a\npci a')).toBe(
      "2:5: group 'G_a' clashes with 'G_a' declared as a group at line 1",
    );
    expect(err('iommu vtd\niommu vtd')).toBe("2:1: 'iommu' is already declared at line 1");
    expect(err('pci pci')).toBe("1:5: expected a name, found the reserved word 'pci'");
  });
  it('rejects bad options at their column', () => {
    expect(err('pci P sov')).toBe("1:7: unknown option 'sov' of pci 'P', did you mean 'siov'?");
    expect(err('pci P siov siov')).toBe("1:12: option 'siov' is given twice");
    expect(err('pci P pasids=lots')).toBe("1:14: expected a number after 'pasids=', found 'lots'");
    expect(err('pci P pasids')).toBe("1:7: expected '=' after 'pasids', found a bare flag");
    expect(err('pci P siov=1')).toBe("1:12: expected no value for the flag 'siov', found '=1'");
    expect(err('pci P group=')).toBe("1:13: expected a value after 'group=', found end of line");
    expect(err('pci')).toBe("1:4: expected a device name after 'pci', found end of line");
    expect(err('iommu amd')).toBe("1:7: expected the IOMMU driver 'vtd', found 'amd'");
    expect(err('iommu vtd scalable=maybe')).toBe(
      "1:20: expected 'on' or 'off' after 'scalable=', found 'maybe'",
    );
    expect(err('container C D')).toBe(
      "1:13: expected end of line after the container name, found 'D'",
    );
  });
  it('requires an mdev parent that is a declared pci device', () => {
    expect(err('mdev m1  ')).toBe("1:8: expected 'parent=P' for mdev 'm1', found end of line");
    expect(err('mdev m1 parent=P9')).toBe(
      "1:16: expected a declared pci device after 'parent=', found an undeclared name 'P9'",
    );
    expect(err('container C\nmdev m1 parent=C')).toBe(
      "2:16: expected a declared pci device after 'parent=', found a container 'C'",
    );
    expect(err('pci P\nmdev m parent=P iommu=P')).toBe(
      "2:23: expected 'none' after 'iommu=', found 'P'",
    );
  });
  it('refuses iommu after the first call', () => {
    expect(err('iommu_domain_alloc(pci)\niommu vtd')).toBe(
      "2:1: 'iommu' must come before the first call (line 1)",
    );
  });
});

describe('calls and arguments', () => {
  it('reads names, ints, buses, NULL, dma(G) and OR-ed constants', () => {
    const c = call('iommu_map(D, 0x1000, 4096, -1, IOMMU_READ|IOMMU_WRITE|0x8)');
    expect(c).toMatchObject({ fn: 'iommu_map', fnCol: 1, bind: null, expect: null });
    expect(c.args).toEqual([
      { kind: 'name', name: 'D', col: 11 },
      { kind: 'int', value: 0x1000, col: 14 },
      { kind: 'int', value: 4096, col: 22 },
      { kind: 'int', value: -1, col: 28 },
      // constants are valued per design at run time (src/scn/resolve.ts intValue)
      { kind: 'int', value: 8, consts: ['IOMMU_READ', 'IOMMU_WRITE'], col: 32 },
    ]);
    expect(call('iommu_domain_alloc(mdev)').args).toEqual([{ kind: 'bus', bus: 'mdev', col: 20 }]);
    expect(call('iommu_attach_group(dma( G_P1 ), NULL)').args).toEqual([
      { kind: 'dma', group: 'G_P1', col: 20, groupCol: 25 },
      { kind: 'null', col: 33 },
    ]);
    expect(call('iommu_free_global_pasid(-EINVAL)').args).toEqual([
      { kind: 'int', value: -22, col: 25 },
    ]);
  });
  it('reads a binding and dotted names', () => {
    const c = call('  D = iommu_domain_alloc(pci)');
    expect(c).toMatchObject({ line: 1, col: 3, bind: { name: 'D', col: 3 }, fnCol: 7 });
    expect(call('iommu_domain_free(C.d0)').args).toEqual([{ kind: 'name', name: 'C.d0', col: 19 }]);
  });
  it('allows rebinding a bound name but not binding a declared one', () => {
    expect(ok('D = iommu_domain_alloc(pci)\nD = iommu_domain_alloc(pci)')).toHaveLength(2);
    expect(err('pci P1\nP1 = iommu_domain_alloc(pci)')).toBe(
      "2:1: 'P1' is already declared as a pci device at line 1",
    );
    expect(err('D = iommu_domain_alloc(pci)\ncontainer D')).toBe(
      "2:11: 'D' is already bound at line 1",
    );
    expect(err('NULL = iommu_domain_alloc(pci)')).toBe(
      "1:1: expected a name, found the reserved word 'NULL'",
    );
  });
  it('names an unknown function at its column, with a suggestion when one is close', () => {
    expect(err('x = iommu_attach_devcie(D, P1)')).toBe(
      "1:5: unknown function 'iommu_attach_devcie', did you mean 'iommu_attach_device'?",
    );
    expect(err('frobnicate(D)')).toBe("1:1: unknown function 'frobnicate'");
  });
  it('reports malformed calls with what was expected and what was found', () => {
    expect(err('pci P1\niommu_domain_free(D  => 0')).toBe(
      "2:22: expected ')' after arguments, found '=>'",
    );
    expect(err('iommu_domain_free D')).toBe(
      "1:19: expected '(' after 'iommu_domain_free', found 'D'",
    );
    expect(err('iommu_domain_free(,)')).toBe("1:19: expected an argument, found ','");
    expect(err('iommu_map(D, 1, 2, 3)')).toBe(
      '1:21: expected 5 argument(s) for iommu_map(domain, iova, paddr, size, prot), found 4',
    );
    expect(err('iommu_domain_free(D, E)')).toBe(
      '1:22: expected 1 argument(s) for iommu_domain_free(domain), found 2',
    );
    expect(err('iommu_domain_free(D) 0')).toBe(
      "1:22: expected '=>' or end of line after the call, found '0'",
    );
    expect(err('x =')).toBe("1:4: expected a function call after 'x =', found end of line");
    expect(err('D')).toBe("1:2: expected '(', '=' or '=>' after 'D', found end of line");
    expect(err('42')).toBe(
      "1:1: expected a declaration, a call, 'NAME => VALUE' or 'show NAME', found '42'",
    );
    expect(err('iommu_domain_free(dma G)')).toBe("1:23: expected '(' after 'dma', found 'G'");
    expect(err('iommu_domain_free(dma(1))')).toBe(
      "1:23: expected a group name in 'dma(…)', found '1'",
    );
    expect(err('iommu_domain_free($)')).toBe("1:19: expected an argument, found '$'");
  });
  it('rejects unknown constants and malformed numbers', () => {
    expect(err('iommu_map(D, 0, 0, 4096, IOMMU_READ|IOMMU_RAED)')).toBe(
      "1:37: unknown constant 'IOMMU_RAED', did you mean 'IOMMU_READ'?",
    );
    expect(err('iommu_map(D, 0, 0, 4096, IOMMU_READ|D)')).toBe(
      "1:37: expected a constant or a number after '|', found 'D'",
    );
    expect(err('iommu_map(D, 0, 0, 4096, D|IOMMU_READ)')).toBe(
      "1:26: expected a constant before '|', found 'D'",
    );
    expect(err('iommu_map(D, 0x, 0, 4096, 1)')).toBe(
      "1:14: expected a number (decimal or 0x hex), found '0x'",
    );
    expect(err('iommu_map(D, 99999999999999999999, 0, 4096, 1)')).toBe(
      "1:14: expected a number (decimal or 0x hex), found '99999999999999999999'",
    );
    expect(err('iommu_free_global_pasid(-EBUSSY)')).toBe(
      "1:26: unknown errno 'EBUSSY', did you mean 'EBUSY'?",
    );
    expect(err('iommu_free_global_pasid(-x)')).toBe(
      "1:26: expected a number or an errno after '-', found 'x'",
    );
  });
});

describe('expectations', () => {
  const alts = (text: string) => call(text).expect;

  it('reads every VALUE form', () => {
    const values = [
      ['0', { kind: 'int', value: 0 }],
      ['0x1000', { kind: 'int', value: 4096 }],
      ['-1', { kind: 'int', value: -1 }],
      ['-EOPNOTSUPP', { kind: 'int', value: -95 }],
      ['ERR_PTR(-EBUSY)', { kind: 'errptr', errno: -16 }],
      ['NULL', { kind: 'null' }],
      ['true', { kind: 'bool', value: true }],
      ['false', { kind: 'bool', value: false }],
      ['void', { kind: 'void' }],
      ['unsupported', { kind: 'unsupported' }],
      ['OOPS', { kind: 'oops' }],
      ['IOMMU_PASID_INVALID', { kind: 'int', value: 0, consts: ['IOMMU_PASID_INVALID'] }],
      ['C.d0', { kind: 'name', name: 'C.d0', col: 25 }],
      ['dma(G_P1)', { kind: 'dma', group: 'G_P1', col: 25, groupCol: 29 }],
    ] as const;
    for (const [text, value] of values) {
      expect(alts(`iommu_domain_free(D) => ${text}`)).toEqual([
        { value, warn: false, designs: null, text, col: 25 },
      ]);
    }
  });
  it('reads +WARN and per-design alternatives', () => {
    expect(alts('driver_get_domain(m1) => NULL @upstream-5.8 | C.d0')).toEqual([
      { value: { kind: 'null' }, warn: false, designs: ['upstream-5.8'], text: 'NULL', col: 26 },
      {
        value: { kind: 'name', name: 'C.d0', col: 47 },
        warn: false,
        designs: null,
        text: 'C.d0',
        col: 47,
      },
    ]);
    expect(alts('iommu_domain_free(D) => 0 +WARN @v3-group-flag,domain-flag | void')).toMatchObject(
      [
        { warn: true, designs: ['v3-group-flag', 'domain-flag'], text: '0 +WARN' },
        { warn: false, designs: null, text: 'void' },
      ],
    );
    expect(alts('iommu_domain_free(D) => 1 @driver-map')).toMatchObject([
      { designs: ['driver-map'] },
    ]);
  });
  it('reads a name check and its alternatives', () => {
    const [s] = ok('pasid => -ENODEV @upstream-5.8 | 1') as CheckStmt[];
    expect(s).toMatchObject({ kind: 'check', target: { kind: 'name', name: 'pasid', col: 1 } });
    expect(s.expect).toHaveLength(2);
    expect(ok('dma(G_P1) => dma(G_P1)')[0]).toMatchObject({
      kind: 'check',
      target: { kind: 'dma' },
    });
  });
  it('rejects malformed expectations', () => {
    expect(err('iommu_domain_free(D) =>')).toBe(
      "1:24: expected a value after '=>', found end of line",
    );
    expect(err('iommu_domain_free(D) => 0 +WRN')).toBe(
      "1:28: expected 'WARN' after '+', found 'WRN'",
    );
    expect(err('iommu_domain_free(D) => 0 | 1')).toBe(
      "1:30: expected '@design' after '1': only one alternative may leave it out (the one at column 25)",
    );
    expect(err('iommu_domain_free(D) => 0 @pasid-6.x | 1 @pasid-6.x')).toBe(
      "1:43: design 'pasid-6.x' already has an alternative (column 28)",
    );
    expect(err('iommu_domain_free(D) => 0 @upstream-5.9')).toBe(
      "1:28: unknown design 'upstream-5.9', did you mean 'upstream-5.8'?",
    );
    expect(err('iommu_domain_free(D) => 0 @')).toBe(
      "1:28: expected a design id after '@', found end of line",
    );
    expect(err('iommu_domain_free(D) => 0 0')).toBe(
      "1:27: expected '+WARN', '@design', '|' or end of line after '0', found '0'",
    );
    expect(err('iommu_domain_free(D) => 0 @driver-map 1')).toBe(
      "1:39: expected ',', '|' or end of line after '0', found '1'",
    );
    expect(err('iommu_domain_free(D) => ERR_PTR(EBUSY)')).toBe(
      "1:33: expected '-' before the errno in 'ERR_PTR(…)', found 'EBUSY'",
    );
    expect(err('iommu_domain_free(D) => ERR_PTR(-EBUSY')).toBe(
      "1:39: expected ')' after the errno in 'ERR_PTR(…)', found end of line",
    );
    expect(err('iommu_domain_free(D) => IOMMU_REED')).toBe(
      "1:25: unknown constant 'IOMMU_REED', did you mean 'IOMMU_READ'?",
    );
    expect(err('D => 0 +WARN')).toBe(
      "1:6: expected a value without '+WARN' (only a call can WARN), found '0 +WARN'",
    );
  });
});

describe('show, comments and notes', () => {
  it('reads show NAME and show dma(G)', () => {
    expect(ok('show C.d0')).toEqual([
      {
        kind: 'show',
        line: 1,
        col: 1,
        text: 'show C.d0',
        target: { kind: 'name', name: 'C.d0', col: 6 },
      },
    ]);
    expect(ok('show dma(G)')[0]).toMatchObject({
      target: { kind: 'dma', group: 'G', col: 6, groupCol: 10 },
    });
    expect(err('show')).toBe("1:5: expected a name after 'show', found end of line");
    expect(err('show D E')).toBe("1:8: expected end of line after 'show NAME', found 'E'");
  });
  it('drops # comments and keeps ## narration as notes, in line order', () => {
    const stmts = ok('# setup\n## The parent first.\npci P1 ## the SIOV parent\n\n  \n');
    expect(stmts).toEqual([
      { kind: 'note', text: 'The parent first.', line: 2 },
      expect.objectContaining({ kind: 'decl', line: 3, text: 'pci P1' }),
      { kind: 'note', text: 'the SIOV parent', line: 3 },
    ]);
  });
  it('accepts CRLF line ends and reports every bad line', () => {
    const { errors, script } = parseScenario('pci P1\r\nbogus(\r\npci P1\r\ncontainer C\r\n');
    expect(errors.map((e) => `${e.line}:${e.col}`)).toEqual(['2:1', '3:5']);
    expect(script.stmts).toHaveLength(2);
  });
});

describe('OR chains beyond 32 bits', () => {
  it('keeps the high bits when numbers are joined with |', async () => {
    const { parseScenario } = await import('../../src/scn/index');
    const { script, errors } = parseScenario('pci P1\nD = iommu_domain_alloc(pci)\niommu_map(D, 0x100000000|0x1000, 0, 0x1000, IOMMU_READ|IOMMU_WRITE)\n');
    expect(errors).toEqual([]);
    const call = script.stmts.find((s) => s.kind === 'call' && s.fn === 'iommu_map');
    expect(call && call.kind === 'call' && call.args[1]).toMatchObject({ kind: 'int', value: 0x100001000 });
  });
});
