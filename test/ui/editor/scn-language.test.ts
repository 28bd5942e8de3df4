import { describe, expect, it } from 'vitest';
import { tokenizeLine } from '../../../src/ui/editor/scn-language';

/** Each token as `kind:text`, in order. */
const kinds = (line: string) => tokenizeLine(line).map((t) => `${t.kind}:${line.slice(t.from, t.to)}`);

describe('.scn tokenizer (src/ui/editor/scn-language.ts)', () => {
  it('marks declarations, names, attributes and numbers', () => {
    expect(kinds('pci P1 pasids=1048576 siov')).toEqual(['keyword:pci', 'variableName:P1', 'attributeName:pasids', 'number:1048576', 'variableName:siov']);
    expect(kinds('  mdev m1 parent=P1')).toEqual(['keyword:mdev', 'variableName:m1', 'attributeName:parent', 'variableName:P1']);
    // A design header's ids are drawn as design tags are, not as numbers and stray dashes.
    expect(kinds('design: upstream-5.8, v3-group-flag+flag=domain  # why')).toEqual(['keyword:design', 'meta:upstream-5.8', 'meta:v3-group-flag+flag=domain', 'comment:# why']);
    expect(kinds('design: pasid-6.x; x')).toEqual(['keyword:design', 'meta:pasid-6.x', 'invalid:;', 'meta:x']);
  });

  it('a declaration word is a keyword only first on its line', () => {
    expect(kinds('show show')).toEqual(['keyword:show', 'variableName:show']);
  });

  it('marks calls, constants, values, errnos, the arrow and design tags', () => {
    expect(kinds('d = iommu_domain_alloc(bus) => NULL')).toEqual(['variableName:d', 'function:iommu_domain_alloc', 'variableName:bus', 'operator:=>', 'atom:NULL']);
    expect(kinds('iommu_dev_enable_feature(P1, IOMMU_DEV_FEAT_AUX) => -EBUSY @v3-group-flag')).toEqual([
      'function:iommu_dev_enable_feature',
      'variableName:P1',
      'constant:IOMMU_DEV_FEAT_AUX',
      'operator:=>',
      'atom:-EBUSY',
      'meta:@v3-group-flag',
    ]);
    expect(kinds('iommu_map(d, 0x1000, 4096) => 0 | OOPS')).toEqual(['function:iommu_map', 'variableName:d', 'number:0x1000', 'number:4096', 'operator:=>', 'number:0', 'atom:OOPS']);
  });

  it('a value word before "(" stays a value', () => {
    expect(kinds('ERR_PTR(-ENODEV)')).toEqual(['atom:ERR_PTR', 'atom:-ENODEV']);
  });

  it('comments and doc comments run to the end of the line', () => {
    expect(kinds('# a comment, with (parens) => and all')).toEqual(['comment:# a comment, with (parens) => and all']);
    expect(kinds('## The title')).toEqual(['docString:## The title']);
    expect(kinds('iommu_get_domain_for_dev(m1) # why')).toEqual(['function:iommu_get_domain_for_dev', 'variableName:m1', 'comment:# why']);
  });

  it('an unknown character is one invalid token, and the rest goes on', () => {
    expect(kinds('x ; y')).toEqual(['variableName:x', 'invalid:;', 'variableName:y']);
    expect(kinds('')).toEqual([]);
  });
});
