/**
 * Finding where a C function is defined, in a kernel source file or in a patch mail. Pure text
 * work, used by scripts/kernel-src-table.ts to build table.json from the kernel tree itself
 * (never by hand) and tested on small texts of our own in test/kernel-src.
 *
 * A definition is a line that starts at column 0 with the function's name after its return
 * type (`int iommu_attach_group(` or, with the type on the line before, `intel_iommu_map(`)
 * and whose parameter list is followed by `{`, not `;` (a prototype) — the line a kernel
 * source browser points at for "defined as a function".
 */

const IDENT = /^[A-Za-z_]\w*$/;

/** Where the parameter list opened at `open` closes, then the next non-blank character. */
function afterParams(text: string, open: number): string | null {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) {
      const rest = /\S/.exec(text.slice(i + 1, i + 400));
      return rest ? rest[0] : null;
    }
  }
  return null;
}

/**
 * Every definition line (1-based) of each wanted name in one C file. A name defined twice
 * (#ifdef branches) gives both lines; the caller decides.
 */
export function findDefinitions(text: string, names: Iterable<string>): Map<string, number[]> {
  const wanted = new Set([...names].filter((n) => IDENT.test(n)));
  const out = new Map<string, number[]>();
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    // Column 0, not a preprocessor line, not inside a comment block, not a macro call.
    const m = /^(?:[A-Za-z_][\w \t*]*?[ \t*])?([A-Za-z_]\w*)[ \t]*\(/.exec(line);
    if (m && wanted.has(m[1]) && !/^(#|\s|\*|\/)/.test(line)) {
      const open = offset + line.indexOf('(', m.index + m[0].length - 1);
      if (afterParams(text, open) === '{') {
        const list = out.get(m[1]) ?? [];
        list.push(i + 1);
        out.set(m[1], list);
      }
    }
    offset += line.length + 1;
  }
  return out;
}

export interface MailMeta {
  readonly messageId: string;
  readonly subject: string;
  readonly date: string;
}

/** Message-Id, Subject and Date of one mail (headers may be folded onto following lines). */
export function mailMeta(mail: string): MailMeta {
  const head = mail.split(/\n\n/, 1)[0].replace(/\n[ \t]+/g, ' ');
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1].trim() ?? '';
  return { messageId: field('Message-I[dD]').replace(/^<|>$/g, ''), subject: field('Subject'), date: field('Date') };
}

export interface PatchDefinition {
  readonly file: string;
  /** The line in the file as the patch leaves it (from the hunk's `+start`). */
  readonly line: number;
}

/**
 * Definitions a patch ADDS (`+` lines): for each wanted name, the file and the line it has
 * once the patch is applied, counted from the hunk headers. Context and added lines advance
 * the new-file counter, removed lines do not.
 */
export function patchDefinitions(mail: string, names: Iterable<string>): Map<string, PatchDefinition> {
  const wanted = new Set(names);
  const out = new Map<string, PatchDefinition>();
  let file: string | null = null;
  let next = 0;
  let inHunk = false;
  const lines = mail.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l.startsWith('diff --git ')) {
      inHunk = false;
      file = null;
      continue;
    }
    if (l.startsWith('+++ ')) {
      file = l.slice(4).replace(/^b\//, '');
      continue;
    }
    const h = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(l);
    if (h) {
      next = Number(h[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk || file === null) continue;
    if (l.startsWith('-')) continue;
    if (l.startsWith('+') || l.startsWith(' ') || l === '') {
      if (l.startsWith('+') && file.endsWith('.c')) {
        // The new file's text from here on (added and context lines, markers removed) decides
        // definition vs prototype: the `{` may be an unchanged line after a renamed signature.
        const body = lines.slice(i, i + 40).filter((x) => !x.startsWith('-')).map((x) => x.slice(1)).join('\n');
        const found = findDefinitions(body, wanted);
        const first = [...found].find(([, at]) => at[0] === 1);
        if (first && !out.has(first[0])) out.set(first[0], { file, line: next });
      }
      next++;
      continue;
    }
    inHunk = false; // `-- ` signature, `\ No newline`, or the mail's end
  }
  return out;
}
