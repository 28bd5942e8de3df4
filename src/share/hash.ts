/**
 * The URL hash holds what a link must reproduce: the scenario text and the design, in a form
 * people can write by hand: `#text=<encodeURIComponent(text)>&design=<id>`, where the id may be
 * a variant, `design=driver-map+present-check=off`. Personal
 * preferences (theme, zoom, pins) never go in it.
 */
export interface HashState {
  readonly text: string | null;
  readonly design: string | null;
}

/** Reads a hash (with or without `#`); a malformed escape keeps the raw text rather than failing. */
export function decodeHash(hash: string): HashState {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  let text: string | null = null;
  let design: string | null = null;
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
    }
    if (key === 'text') text = val;
    else if (key === 'design') design = val;
  }
  return { text, design };
}

/** A design id or variant is written as is when it is made of URL-safe characters (it always is). */
const designInUrl = (d: string): string => (/^[A-Za-z0-9_.+=-]*$/.test(d) ? d : encodeURIComponent(d));

export function encodeHash(s: { text: string; design: string }): string {
  return `#text=${encodeURIComponent(s.text)}&design=${designInUrl(s.design)}`;
}
