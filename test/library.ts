/**
 * Where the tests read the app's scenario library from: the one place that names it. Paths are
 * resolved from this file, so a test reads the same files whatever directory vitest runs in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The library as the repository names it (labels, CLI arguments). */
export const LIBRARY_DIR = 'src/scenarios';
// import.meta.url, not __dirname: Playwright loads this file (e2e specs read the library) as an ES module.
const ABS = resolve(dirname(fileURLToPath(import.meta.url)), '..', LIBRARY_DIR);

/** A library file's path as the repository names it: `src/scenarios/<name>`. */
export const libraryPath = (name: string): string => `${LIBRARY_DIR}/${name}`;

export const libraryText = (name: string): string => readFileSync(join(ABS, name), 'utf8');

export const libraryFiles = (): string[] => readdirSync(ABS).filter((f) => f.endsWith('.scn')).sort();
