/**
 * Sharing and exporting, pure (no DOM): the versioned share-link codec, the kernel-log and
 * vitest exports, scenario text inside SVG/PNG, and what an opened file holds.
 */
export * from './codec';
export * from './limits';
export * from './kernel-log';
export * from './vitest-export';
export * from './png-text';
export * from './svg-embed';
export * from './open-file';
export { streamDeflater, TooLargeError, type Deflater } from './deflate';
export * from './xml-safe';
