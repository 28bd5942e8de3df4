/**
 * Raw DEFLATE through the platform's CompressionStream (browsers, Node ≥ 18): no library.
 * Inflate stops at a byte limit so that a small link cannot expand into gigabytes.
 */
export interface Deflater {
  deflate(data: Uint8Array): Promise<Uint8Array>;
  /** Rejects with TooLargeError past `max` bytes, with an Error on damaged data. */
  inflate(data: Uint8Array, max: number): Promise<Uint8Array>;
}

export class TooLargeError extends Error {
  constructor(readonly size: number) {
    super(`more than ${size} bytes`);
  }
}

async function collect(readable: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const reader = readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError(total);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function pipe(stream: CompressionStream | DecompressionStream, data: Uint8Array, max: number): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  // Errors surface on the readable side; keep the writer's copies from going unhandled.
  writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  return collect(stream.readable as ReadableStream<Uint8Array>, max);
}

export const streamDeflater: Deflater = {
  deflate: (data) => pipe(new CompressionStream('deflate-raw'), data, Number.MAX_SAFE_INTEGER),
  inflate: (data, max) => pipe(new DecompressionStream('deflate-raw'), data, max),
};
