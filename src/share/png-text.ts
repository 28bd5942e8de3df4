/**
 * PNG text chunks by hand (no library): insert an `iTXt` chunk (UTF-8 text, uncompressed)
 * before IEND, and read it back. Pure, on bytes.
 */
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let table: Uint32Array | null = null;
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = table[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const isPng = (b: Uint8Array) => b.length >= 8 && SIGNATURE.every((x, i) => b[i] === x);

interface Chunk {
  readonly type: string;
  readonly start: number;
  readonly data: Uint8Array;
}

/** The chunks of a PNG; throws on a truncated or malformed file. */
function chunks(png: Uint8Array): Chunk[] {
  if (!isPng(png)) throw new Error('not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: Chunk[] = [];
  let at = 8;
  while (at + 12 <= png.length) {
    const len = view.getUint32(at);
    if (at + 12 + len > png.length) throw new Error('truncated PNG');
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    out.push({ type, start: at, data: png.subarray(at + 8, at + 8 + len) });
    at += 12 + len;
    if (type === 'IEND') return out;
  }
  throw new Error('truncated PNG (no IEND)');
}

function makeChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Adds `keyword` = `text` as an iTXt chunk just before IEND. */
export function addPngText(png: Uint8Array, keyword: string, text: string): Uint8Array {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword)) throw new Error('bad PNG keyword');
  const list = chunks(png);
  const iend = list.find((c) => c.type === 'IEND');
  if (!iend) throw new Error('PNG without IEND');
  const kw = new TextEncoder().encode(keyword);
  const body = new TextEncoder().encode(text);
  // keyword \0, compression flag 0, method 0, language tag "" \0, translated keyword "" \0, text
  const data = new Uint8Array(kw.length + 5 + body.length);
  data.set(kw, 0);
  data.set(body, kw.length + 5);
  const chunk = makeChunk('iTXt', data);
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, iend.start), 0);
  out.set(chunk, iend.start);
  out.set(png.subarray(iend.start), iend.start + chunk.length);
  return out;
}

/** The text of the first uncompressed iTXt (or tEXt) chunk named `keyword`; null if none. */
export function readPngText(png: Uint8Array, keyword: string): string | null {
  for (const c of chunks(png)) {
    if (c.type !== 'iTXt' && c.type !== 'tEXt') continue;
    const nul = c.data.indexOf(0);
    if (nul < 0 || String.fromCharCode(...c.data.subarray(0, nul)) !== keyword) continue;
    if (c.type === 'tEXt') return new TextDecoder('latin1').decode(c.data.subarray(nul + 1));
    if (c.data[nul + 1] !== 0) continue; // compressed iTXt: we never write those
    let at = nul + 3;
    at = c.data.indexOf(0, at) + 1; // language tag
    at = c.data.indexOf(0, at) + 1; // translated keyword
    if (at <= 0) continue;
    return new TextDecoder('utf-8', { fatal: true }).decode(c.data.subarray(at));
  }
  return null;
}
