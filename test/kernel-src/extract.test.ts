import { describe, expect, it } from 'vitest';
import { findDefinitions, mailMeta, patchDefinitions } from '../../src/kernel-src/extract';

// Small C texts of our own, shaped like kernel code, so each rule can fail on its own.
const C = [
  '/* widget_get(): a comment, not a definition */', // 1
  'int widget_get(struct widget *w);', // 2 prototype
  '', // 3
  'static struct widget *', // 4
  'widget_find(struct bus *bus,', // 5 definition, type on the line before
  '\t    int id)', // 6
  '{', // 7
  '\treturn widget_get(NULL);', // 8 a call
  '}', // 9
  'EXPORT_SYMBOL_GPL(widget_find);', // 10
  'int widget_get(struct widget *w)', // 11 definition
  '{', // 12
  '\treturn 0;', // 13
  '}', // 14
  '#define widget_put(w) do { } while (0)', // 15 macro
].join('\n');

describe('findDefinitions', () => {
  it('finds the definition line, not prototypes, calls, comments or macros', () => {
    const d = findDefinitions(C, ['widget_get', 'widget_find', 'widget_put']);
    expect(d.get('widget_get')).toEqual([11]);
    expect(d.get('widget_find')).toEqual([5]);
    expect(d.has('widget_put')).toBe(false);
  });
  it('gives every line of a name defined twice (#ifdef branches)', () => {
    const two = '#ifdef A\nint f(void)\n{\n}\n#else\nint f(void)\n{\n}\n#endif\n';
    expect(findDefinitions(two, ['f']).get('f')).toEqual([2, 6]);
  });
});

const MAIL = [
  'From: A Developer <a@example.org>',
  'Subject: [PATCH v9 1/2] widget: Add',
  ' widget_grab()',
  'Date: Tue, 1 Sep 2020 11:34:19 +0800',
  'Message-Id: <20200901.1-a@example.org>',
  '',
  'Adds widget_grab().',
  '',
  'int widget_grab(struct widget *w)', // cover text: not a hunk, ignored
  '---',
  'diff --git a/drivers/w/widget.c b/drivers/w/widget.c',
  '--- a/drivers/w/widget.c',
  '+++ b/drivers/w/widget.c',
  '@@ -100,6 +100,12 @@ int widget_get(struct widget *w)',
  ' }', // 100
  '-void widget_old(void)', // (removed)
  '+void widget_drop(void)', // 101: renamed signature, `{` unchanged below
  ' {', // 102
  ' }', // 103
  ' ', // 104
  '+int widget_grab(struct widget *w)', // 105
  '+{', // 106
  '+\treturn 0;', // 107
  '+}', // 108
  'diff --git a/include/w.h b/include/w.h',
  '+++ b/include/w.h',
  '@@ -1,1 +1,2 @@',
  '+int widget_peek(struct widget *w);',
  '-- ',
  '2.17.1',
].join('\n');

describe('patchDefinitions', () => {
  it('counts new-file lines from the hunk header, skipping removed lines', () => {
    const d = patchDefinitions(MAIL, ['widget_grab', 'widget_drop', 'widget_peek']);
    expect(d.get('widget_grab')).toEqual({ file: 'drivers/w/widget.c', line: 105 });
    expect(d.get('widget_drop')).toEqual({ file: 'drivers/w/widget.c', line: 101 });
    expect(d.has('widget_peek')).toBe(false); // a header prototype is not a definition
  });
  it('reads folded headers', () => {
    expect(mailMeta(MAIL)).toEqual({ messageId: '20200901.1-a@example.org', subject: '[PATCH v9 1/2] widget: Add widget_grab()', date: 'Tue, 1 Sep 2020 11:34:19 +0800' });
  });
});
