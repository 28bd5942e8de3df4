/**
 * What XML 1.0 may hold. A scenario can contain any UTF-16 code unit (a pasted control
 * character, a lone surrogate from a cut emoji), but an XML document may not, not even as a
 * character reference (`&#1;` is not well-formed either). Exports therefore drop such units
 * from what is drawn and encode them where the text must round-trip (svg-embed.ts). Pure.
 */

/** Code units XML 1.0 forbids: C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates. */
// eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
const INVALID = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const INVALID_ALL = new RegExp(INVALID.source, 'g');

export const isXmlSafe = (s: string): boolean => !INVALID.test(s);

/** Replaces each forbidden code unit by U+FFFD (for text that is only shown, like a label). */
export const toXmlSafe = (s: string): string => s.replace(INVALID_ALL, '\ufffd');

/**
 * Percent-encodes `%` and the forbidden code units (`%XX` below U+0100, `%uXXXX` above), so
 * that any string becomes XML-safe text that decodes back to exactly the same code units.
 */
export const escapeUnits = (s: string): string =>
  s.replace(new RegExp(`%|${INVALID.source}`, 'g'), (c) => {
    const u = c.charCodeAt(0);
    return u < 0x100 ? `%${u.toString(16).padStart(2, '0')}` : `%u${u.toString(16).padStart(4, '0')}`;
  });

export const unescapeUnits = (s: string): string =>
  s.replace(/%(?:u([0-9a-fA-F]{4})|([0-9a-fA-F]{2}))/g, (_m, u?: string, b?: string) => String.fromCharCode(parseInt(u ?? b ?? '', 16)));
