/**
 * The share link: a versioned, compact URL hash holding what a link must reproduce (the
 * scenario text, the designs, the step) and nothing personal (zoom, theme, panel sizes stay
 * out).
 *
 *   v1   #v=1&z=<base64url(deflate-raw(UTF-8 text))>&d=<design>[,<design>…]&s=<step>
 *        [&m=<view>&c=<design>,<design>…&l=<level>]   (the compare view's state, when comparing)
 *        #v=1&t=<encodeURIComponent(text)>&…      (when that is shorter, e.g. tiny texts)
 *   v0   #text=<encodeURIComponent(text)>&design=<id>   (the first links; still the live hash)
 *
 * `d` lists the design shown first, then any others the link compares with. Unknown keys are
 * ignored (a later v1 writer may add some); an unknown version is refused with a message,
 * never guessed at. Pure: the compressor is injected (the platform's CompressionStream by
 * default), so the same code runs in the browser and under vitest.
 */
import { decodeHash } from './hash';
import { fromBase64Url, toBase64Url } from './base64url';
import { streamDeflater, TooLargeError, type Deflater } from './deflate';
import { formatSize, MAX_SCENARIO_BYTES, MAX_SCENARIO_CHARS } from './limits';

export const SHARE_VERSION = 1;

export interface ShareState {
  readonly text: string;
  /** The design shown first, then any it is compared with; may be empty (the text decides). */
  readonly designs: readonly string[];
  /** Steps applied (0 = start); null = not given. */
  readonly step: number | null;
  /** The comparison views' state (`m`, `c`, `l`); absent from links made in the playground view. */
  readonly compare?: CompareLink | null;
}

export interface CompareLink {
  /** The view (`compare`, `matrix`, `search`); null when the link does not say. */
  readonly mode: string | null;
  /** The designs compared side by side. */
  readonly designs: readonly string[];
  /** What "the same" means (`returns`, `observable`, `internals`); null when the link does not say. */
  readonly level: string | null;
}

export type DecodeResult =
  | { readonly ok: true; readonly state: ShareState; readonly version: number }
  /** `none`: the hash holds no scenario at all (not an error: just no link). */
  | { readonly ok: false; readonly reason: 'none' | 'newer' | 'damaged' | 'too-large'; readonly message: string };

/** A design id or variant (`driver-map+present-check=off`): written in links as is. */
const DESIGN_RE = /^[A-Za-z0-9][A-Za-z0-9._+=-]{0,159}$/;
const WORD_RE = /^[a-z]{1,16}$/;

function params(hash: string): Map<string, string> {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  const out = new Map<string, string>();
  for (const part of h.split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && !out.has(part.slice(0, eq))) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

/** Does this hash look like a link (either version), as opposed to an empty or foreign hash? */
export function isShareHash(hash: string): boolean {
  const p = params(hash);
  return p.has('v') || p.has('text');
}

export async function encodeShare(state: ShareState, deflater: Deflater = streamDeflater): Promise<string> {
  const bytes = new TextEncoder().encode(state.text);
  const z = toBase64Url(await deflater.deflate(bytes));
  const t = encodeURIComponent(state.text);
  let out = `#v=${SHARE_VERSION}&${z.length < t.length ? `z=${z}` : `t=${t}`}`;
  const c = state.compare;
  const compared = c ? c.designs.filter((d) => DESIGN_RE.test(d)) : [];
  // `d`: the design shown, then the ones it is compared with (what a v1 reader before `c` sees).
  const designs = [...new Set([...state.designs, ...compared])].filter((d) => DESIGN_RE.test(d));
  if (designs.length) out += `&d=${designs.join(',')}`;
  if (state.step !== null && Number.isInteger(state.step) && state.step >= 0) out += `&s=${state.step}`;
  if (c) {
    if (c.mode && WORD_RE.test(c.mode)) out += `&m=${c.mode}`;
    if (compared.length) out += `&c=${compared.join(',')}`;
    if (c.level && WORD_RE.test(c.level)) out += `&l=${c.level}`;
  }
  return out;
}

const damaged = (why: string): DecodeResult => ({
  ok: false,
  reason: 'damaged',
  message: `This link could not be opened: ${why}. It may have been cut short when it was copied; ask for it again.`,
});
const tooLarge = (size: number): DecodeResult => ({
  ok: false,
  reason: 'too-large',
  message: `This link's scenario is more than ${formatSize(Math.min(size, MAX_SCENARIO_CHARS))}; scenarios are limited to ${formatSize(MAX_SCENARIO_CHARS)}, so it was not opened.`,
});

/** The compare view's state in a link (`m`, `c`, `l`); null when the link has none of them. */
function compareOf(p: Map<string, string>): CompareLink | null {
  const m = p.get('m');
  const c = p.get('c');
  const l = p.get('l');
  const mode = m !== undefined && WORD_RE.test(m) ? m : null;
  const level = l !== undefined && WORD_RE.test(l) ? l : null;
  const compared = c !== undefined ? c.split(',').filter((x) => DESIGN_RE.test(x)) : [];
  if (!mode && !level && !compared.length) return null;
  return { mode, designs: compared, level };
}

export async function decodeShare(hash: string, deflater: Deflater = streamDeflater): Promise<DecodeResult> {
  const p = params(hash);
  const v = p.get('v');
  if (v === undefined) {
    // v0: the original `#text=…&design=…` links.
    const h = decodeHash(hash);
    if (h.text === null) return { ok: false, reason: 'none', message: 'This address holds no scenario.' };
    if (h.broken) return damaged('its scenario text has a broken %-escape');
    if (h.text.length > MAX_SCENARIO_CHARS) return tooLarge(h.text.length);
    return { ok: true, version: 0, state: { text: h.text, designs: h.design && DESIGN_RE.test(h.design) ? [h.design] : [], step: null } };
  }
  const version = /^\d{1,6}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(version) || version < 1) return damaged(`its format version "${v.slice(0, 20)}" is not one this playground knows`);
  if (version > SHARE_VERSION) {
    return { ok: false, reason: 'newer', message: `This link was made by a newer version of the playground (link format v${version}; this one reads v${SHARE_VERSION} and older). Open it with the newer playground.` };
  }
  let text: string;
  const z = p.get('z');
  const t = p.get('t');
  if (z !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = fromBase64Url(z);
    } catch {
      return damaged('its scenario data contains characters a link cannot have');
    }
    let raw: Uint8Array;
    try {
      raw = await deflater.inflate(bytes, MAX_SCENARIO_BYTES);
    } catch (e) {
      if (e instanceof TooLargeError) return tooLarge(e.size);
      return damaged('its scenario data does not decompress');
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      return damaged('its scenario is not valid text (UTF-8)');
    }
  } else if (t !== undefined) {
    if (t.length > MAX_SCENARIO_CHARS * 9) return tooLarge(t.length);
    try {
      text = decodeURIComponent(t);
    } catch {
      return damaged('its scenario text has a broken %-escape');
    }
  } else {
    return damaged('it holds no scenario');
  }
  if (text.length > MAX_SCENARIO_CHARS) return tooLarge(text.length);
  const d = p.get('d');
  const designs = d ? d.split(',').filter((x) => DESIGN_RE.test(x)) : [];
  const s = p.get('s');
  const step = s !== undefined && /^\d{1,9}$/.test(s) ? Number(s) : null;
  const compare = compareOf(p);
  return { ok: true, version, state: { text, designs, step, ...(compare ? { compare } : {}) } };
}
