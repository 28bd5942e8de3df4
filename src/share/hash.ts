/**
 * The URL hash holds what a link must reproduce: the scenario text and the design, in a form
 * people can write by hand: `#text=<encodeURIComponent(text)>&design=<id>`, where the id may be
 * a variant, `design=driver-map+present-check=off`. Personal
 * preferences (theme, zoom, pins) never go in it.
 */
export interface HashState {
  readonly text: string | null;
  readonly design: string | null;
  /** The text had a malformed %-escape (`%E0%A4%A`): a link cut or mangled in copying. */
  readonly broken?: boolean;
}

/**
 * Reads a hash (with or without `#`); a malformed escape keeps the raw text rather than failing,
 * and says so (`broken`): opening a link refuses it (codec.ts), never shows the raw text.
 */
export function decodeHash(hash: string): HashState {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  let text: string | null = null;
  let design: string | null = null;
  let broken = false;
  for (const part of h.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq);
    const raw = part.slice(eq + 1);
    let val: string;
    try {
      // '+' is a space in hand-written text, but part of a design variant (`driver-map+lookup-fail=stop`).
      val = decodeURIComponent(key === 'design' ? raw : raw.replace(/\+/g, '%20'));
    } catch {
      val = raw;
      if (key === 'text') broken = true;
    }
    if (key === 'text') text = val;
    else if (key === 'design') design = val;
  }
  return broken ? { text, design, broken } : { text, design };
}

/** A design id or variant is written as is when it is made of URL-safe characters (it always is). */
const designInUrl = (d: string): string => (/^[A-Za-z0-9_.+=-]*$/.test(d) ? d : encodeURIComponent(d));

export function encodeHash(s: { text: string; design: string }): string {
  return `#text=${encodeURIComponent(s.text)}&design=${designInUrl(s.design)}`;
}
