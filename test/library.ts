/** Where the tests read the app's scenario library from: the one place that names it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LIBRARY_DIR = 'src/scenarios';

export const libraryText = (name: string): string => readFileSync(join(LIBRARY_DIR, name), 'utf8');

export const libraryFiles = (): string[] => readdirSync(LIBRARY_DIR).filter((f) => f.endsWith('.scn')).sort();
