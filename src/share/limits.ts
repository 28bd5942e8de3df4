/**
 * How large a scenario may be, wherever it comes from (editor paste, link, file, image).
 * The largest library scenario is about 2 KB and the bench's 1,024-mdev machine is 24 KB, so
 * 256 Ki characters is ten times anything real while keeping parse + run under a second.
 */
export const MAX_SCENARIO_CHARS = 256 * 1024;
/** UTF-8 is at most 4 bytes a character (UTF-16 unit pairs count as 2 chars). */
export const MAX_SCENARIO_BYTES = MAX_SCENARIO_CHARS * 4;

export function formatSize(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export const tooLargeMessage = (what: string, size: number) =>
  `${what} is ${formatSize(size)}; scenarios are limited to ${formatSize(MAX_SCENARIO_CHARS)}, so it was not opened.`;
