/**
 * Reading a scenario file for the CLI: a regular file only, and not beyond MAX_FILE_BYTES.
 * `check /dev/zero` used to read forever (a character device never ends) and abort; a FIFO
 * would block. The check is made on the opened descriptor, so a path swapped between a
 * stat and the read cannot slip through.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Larger files are refused: 32 MiB is some 500k lines, more than a run's statement budget. */
export const MAX_FILE_BYTES = 32 * 2 ** 20;

function kindOf(st: import('node:fs').Stats): string {
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/** The file's text, or why it cannot be read (one line, no stack). Reads in one linear pass. */
export function readScenarioFile(path: string): string | { error: string } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not hang before the check below.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { error: `cannot read: ${e instanceof Error ? e.message : String(e)}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { error: `cannot read: ${path} is ${kindOf(st)}, not a scenario file (only regular files are read)` };
    if (st.size > MAX_FILE_BYTES) return { error: `cannot read: ${path} is ${st.size.toLocaleString('en-US')} bytes, over the ${MAX_FILE_BYTES / 2 ** 20} MiB a scenario file may have` };
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) {
      const n = readSync(fd, buf, got, st.size - got, got);
      if (n === 0) break;
      got += n;
    }
    return buf.toString('utf8', 0, got);
  } catch (e) {
    return { error: `cannot read: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    closeSync(fd);
  }
}
