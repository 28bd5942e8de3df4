import { describe, expect, it } from 'vitest';
import { CONSTANTS_BY_VERSION, newMachine, type Value } from '../../src/core';
import { expectedValue, intValue } from '../../src/scn/resolve';
import type { Alternative, CallStmt } from '../../src/scn';
import { literalValue, pickAlternative, valueMatches } from '../../src/scn/expect';
import { parseScenario } from '../../src/scn/parser';

/** The alternatives of `f(D) => <text>`. */
function alts(text: string): readonly Alternative[] {
  const { script, errors } = parseScenario(`iommu_domain_free(D) => ${text}`);
  expect(errors).toEqual([]);
  return (script.stmts[0] as CallStmt).expect!;
}

const int = (v: number): Value => ({ t: 'int', v });
const D: Value = { t: 'ptr', ref: { kind: 'domain', id: 3 } };
const E: Value = { t: 'ptr', ref: { kind: 'domain', id: 4 } };
const G: Value = { t: 'ptr', ref: { kind: 'group', id: 3 } };
const NULLPTR: Value = { t: 'ptr', ref: null };

describe('pickAlternative', () => {
  const line = alts('NULL @upstream-5.8 | -ENODEV @v3-group-flag,driver-map | 1');

  it('takes the alternative that names the design', () => {
    expect(pickAlternative(line, 'upstream-5.8')?.text).toBe('NULL');
    expect(pickAlternative(line, 'v3-group-flag')?.text).toBe('-ENODEV');
    expect(pickAlternative(line, 'driver-map')?.text).toBe('-ENODEV');
  });
  it('falls back to the one without @', () => {
    expect(pickAlternative(line, 'domain-flag')?.text).toBe('1');
    expect(pickAlternative(line, 'pasid-6.x')?.text).toBe('1');
  });
  it('gives nothing when no alternative applies, or there is no expectation', () => {
    const only = alts('0 @pasid-6.x');
    expect(pickAlternative(only, 'pasid-6.x')?.text).toBe('0');
    expect(pickAlternative(only, 'upstream-5.8')).toBeNull();
    expect(pickAlternative(null, 'upstream-5.8')).toBeNull();
  });
  it('prefers a named alternative even when the catch-all comes first', () => {
    expect(pickAlternative(alts('0 | 1 @driver-map'), 'driver-map')?.text).toBe('1');
  });
});

describe('valueMatches', () => {
  const want = (text: string): Value => literalValue(alts(text)[0].value)!;

  it('compares integers by value, whatever the spelling', () => {
    expect(valueMatches(want('-EINVAL'), int(-22))).toBe(true);
    expect(valueMatches(want('-22'), int(-22))).toBe(true);
    expect(valueMatches(want('0x1000'), { t: 'int', v: 4096, hex: true })).toBe(true);
    expect(valueMatches(want('0'), int(1))).toBe(false);
    expect(valueMatches(want('-1'), { t: 'int', v: -1, plain: true })).toBe(true);
  });

  it('values a constant with the design kernel’s header: v5.8 and v6.12 differ', () => {
    const v58 = CONSTANTS_BY_VERSION['v5.8'];
    const v612 = CONSTANTS_BY_VERSION['v6.12'];
    const m = newMachine();
    const at = (text: string, consts: Readonly<Record<string, number>>) => expectedValue(m, new Map(), alts(text)[0].value, consts);
    expect(valueMatches(at('IOMMU_PASID_INVALID', v58), int(-1))).toBe(true);
    expect(valueMatches(at('IOMMU_DEV_FEAT_SVA', v58), int(1))).toBe(true);
    expect(valueMatches(at('IOMMU_DEV_FEAT_SVA', v612), int(0))).toBe(true);
    expect(valueMatches(at('IOMMU_DOMAIN_DMA', v612), int(3))).toBe(true);
    // A name the version lacks matches nothing.
    expect(at('IOMMU_DEV_FEAT_AUX', v612).t).toBe('invalid');
    expect(intValue({ value: 8, consts: ['IOMMU_READ', 'IOMMU_WRITE'] }, v58)).toBe(11);
    expect(intValue({ value: 0, consts: ['IOMMU_NO_PASID'] }, v58)).toBe(null);
  });
  it('lets an errno match ERR_PTR of it, but not the other way round', () => {
    expect(valueMatches(want('-EBUSY'), { t: 'errptr', errno: -16 })).toBe(true);
    expect(valueMatches(want('-ENODEV'), { t: 'errptr', errno: -16 })).toBe(false);
    expect(valueMatches(want('ERR_PTR(-EBUSY)'), { t: 'errptr', errno: -16 })).toBe(true);
    expect(valueMatches(want('ERR_PTR(-EBUSY)'), int(-16))).toBe(false);
  });
  it('matches NULL only to a null pointer', () => {
    expect(valueMatches(want('NULL'), NULLPTR)).toBe(true);
    expect(valueMatches(want('NULL'), D)).toBe(false);
    expect(valueMatches(want('NULL'), int(0))).toBe(false);
  });
  it('matches pointers by object (kind and id)', () => {
    expect(valueMatches(D, D)).toBe(true);
    expect(valueMatches(D, E)).toBe(false);
    expect(valueMatches(D, G)).toBe(false);
    expect(valueMatches(D, NULLPTR)).toBe(false);
  });
  it('matches bools, void, unsupported and OOPS by kind', () => {
    expect(valueMatches(want('true'), { t: 'bool', v: true })).toBe(true);
    expect(valueMatches(want('false'), { t: 'bool', v: true })).toBe(false);
    expect(valueMatches(want('true'), int(1))).toBe(false);
    expect(valueMatches(want('void'), { t: 'void' })).toBe(true);
    expect(valueMatches(want('unsupported'), { t: 'unsupported' })).toBe(true);
    expect(valueMatches(want('unsupported'), { t: 'void' })).toBe(false);
    expect(valueMatches(want('OOPS'), { t: 'oops', why: 'list_del on LIST_POISON' })).toBe(true);
    expect(valueMatches(want('OOPS'), int(0))).toBe(false);
  });
  it('never matches a call that could not be made', () => {
    expect(valueMatches(want('0'), { t: 'invalid', why: 'bad argument' })).toBe(false);
    expect(valueMatches({ t: 'invalid', why: 'x' }, { t: 'invalid', why: 'x' })).toBe(false);
  });
  it('leaves names to the runner', () => {
    expect(literalValue(alts('C.d0')[0].value)).toBeNull();
    expect(literalValue(alts('dma(G_P1)')[0].value)).toBeNull();
  });
});
