/**
 * What the completion list offers where (src/ui/editor/completion.ts): the names a statement may
 * start with, the objects a `show` or a call's argument may name, the calls after `NAME =`.
 */
import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { scnCompletion } from '../../../src/ui/editor/completion';

const OBJECTS = ['P1', 'G_P1', 'm1', 'G_m1', 'C', 'dom0', 'D'];
const BINDINGS = ['D'];

function complete(text: string, explicit = false) {
  const state = EditorState.create({ doc: text });
  return scnCompletion({ objects: () => OBJECTS, bindings: () => BINDINGS })(new CompletionContext(state, text.length, explicit));
}
function labels(text: string, explicit = false): string[] | null {
  const r = complete(text, explicit);
  return r ? r.options.map((o) => o.label) : null;
}
/** The text the list filters by: from the result's start to the cursor. */
const typed = (text: string, explicit = false) => {
  const r = complete(text, explicit);
  return r ? text.slice(r.from) : null;
};

describe('scn completion', () => {
  it('at a line start: calls, declarations and the bound names, not the machine objects a statement cannot start with', () => {
    const l = labels('io')!;
    expect(l).toContain('iommu_aux_attach_device');
    expect(l).toContain('show');
    expect(l).toContain('D');
    for (const o of ['P1', 'G_P1', 'm1', 'C', 'dom0']) expect(l).not.toContain(o);
  });

  it('after `NAME =`: the calls only', () => {
    const l = labels('D2 = iommu_d')!;
    expect(l).toContain('iommu_domain_alloc');
    expect(l).not.toContain('D');
    expect(l).not.toContain('show');
  });

  it('after `show`: every object the machine and the bindings name', () => {
    expect(labels('show G_')).toEqual(OBJECTS);
    expect(labels('show ', true)).toEqual(OBJECTS);
  });

  it('inside a call: the objects, then constants and buses', () => {
    const l = labels('iommu_aux_attach_device(D, m')!;
    expect(l.slice(0, OBJECTS.length)).toEqual(OBJECTS);
    expect(l).toContain('IOMMU_DEV_FEAT_AUX');
    expect(l).toContain('pci');
  });

  it('a call\'s first argument is completed from after its `(`, like the others', () => {
    // The word once ran back over the `(` to the call's name, so nothing matched there.
    expect(typed('iommu_get_domain_for_dev(m')).toBe('m');
    expect(typed('D = iommu_domain_alloc(pc')).toBe('pc');
    expect(typed('iommu_attach_device(D, G_m1.x')).toBe('G_m1.x');
    expect(typed('iommu_get_domain_for_dev(m1) => -EB')).toBe('-EB');
    expect(labels('iommu_get_domain_for_dev(')).toBeNull();
    expect(typed('iommu_get_domain_for_dev(', true)).toBe('');
  });

  it('design ids with their dashes and dots, after `design:` and `@`', () => {
    expect(typed('design: upstream-5.')).toBe('upstream-5.');
    expect(typed('design: upstream-5.8, v3-')).toBe('v3-');
    expect(typed('iommu_map(D, 1) @')).toBe('');
    expect(labels('iommu_map(D, 1) @dom')).toContain('domain-flag');
    expect(labels('design: ')).toBeNull();
  });

  it('nothing in a comment', () => {
    expect(labels('# attach m1 with iommu_attach_device(D, m')).toBeNull();
  });

  it('after `=>`: values and objects', () => {
    const l = labels('iommu_get_domain_for_dev(m1) => d')!;
    expect(l).toContain('-EBUSY');
    expect(l).toContain('dom0');
  });

  it('nothing in the middle of nowhere unless asked', () => {
    expect(labels('iommu_map(D, 1) ')).toBeNull();
  });
});
