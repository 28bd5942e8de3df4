/** Completing a design after `design:` or `@` offers the one-option variants, replacing the whole name typed. */
import { CompletionContext } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { scnCompletion } from '../../src/ui/editor/completion';

function complete(text: string) {
  const state = EditorState.create({ doc: text });
  const r = scnCompletion({ objects: () => [], bindings: () => [] })(new CompletionContext(state, text.length, true));
  return { from: r?.from, labels: r?.options.map((o) => o.label) ?? [] };
}

describe('design completion', () => {
  it('after design: it offers designs and variants from the start of the name', () => {
    const r = complete('design: upstream-5.8, driver-map+pre');
    expect(r.from).toBe('design: upstream-5.8, '.length);
    expect(r.labels).toContain('driver-map');
    expect(r.labels).toContain('driver-map+present-check=off');
  });

  it('after @ too, for the name after a comma', () => {
    const text = 'iommu_aux_attach_device(D, P1) => 0 @upstream-5.8,pasid-6.x+re';
    const r = complete(text);
    expect(r.from).toBe(text.length - 'pasid-6.x+re'.length);
    expect(r.labels).toContain('pasid-6.x+reuse=domain-pasid');
  });
});
