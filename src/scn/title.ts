/**
 * A scenario's title: its first non-blank line, when that line is a `#` comment, without the
 * `#`s and the spaces after them ('' when the first line is a statement or the text is blank).
 * The library's list, the mail report and the exported files' names all read it from here.
 */
export function scenarioTitle(text: string): string {
  // Line by line from the top, without splitting a long text.
  for (let at = 0; at < text.length; ) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end).trim();
    if (line) return line.startsWith('#') ? line.replace(/^#+\s*/, '') : '';
    if (end < 0) break;
    at = end + 1;
  }
  return '';
}
