/**
 * What a file (opened or dropped) holds: a scenario, or a clear reason why not. Understands
 * .scn/text files, and SVG/PNG images exported by the playground (scenario embedded). Pure:
 * the parser is passed in.
 */
import { scenarioTitle } from '../scn';
import { formatSize, MAX_SCENARIO_BYTES, MAX_SCENARIO_CHARS } from './limits';
import { isPng, readPngText } from './png-text';
import { extractFromSvg } from './svg-embed';

export const PNG_KEYWORD = 'IOMMU-Playground-Scenario';
export const PNG_DESIGN_KEYWORD = 'IOMMU-Playground-Design';

export type Opened =
  | { readonly ok: true; readonly text: string; readonly design: string | null; readonly from: 'text' | 'svg' | 'png' }
  | { readonly ok: false; readonly message: string };

/** Images can be large; their embedded text still has to fit the scenario limit. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;

export interface ParseSummary {
  readonly statements: number;
  readonly errors: readonly { readonly line: number; readonly message: string }[];
}

/**
 * A text is taken for a scenario unless it is mostly errors: no statement parsed, or more
 * lines failed than parsed (a README, a log, source code). A scenario with a few typos opens,
 * with its errors shown in the editor.
 */
export function looksLikeScenario(p: ParseSummary): boolean {
  if (p.errors.length === 0) return true;
  return p.statements > 0 && p.errors.length <= p.statements;
}

export function openFile(name: string, bytes: Uint8Array, parse: (text: string) => ParseSummary): Opened {
  const quoted = `"${name.length > 80 ? `${name.slice(0, 77)}…` : name}"`;
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, message: `${quoted} is larger than ${formatSize(MAX_FILE_BYTES)} (or does not end, like a device); that is too large to be a scenario or an exported image. Nothing was opened.` };
  if (isPng(bytes)) {
    let text: string | null;
    let design: string | null;
    try {
      text = readPngText(bytes, PNG_KEYWORD);
      design = readPngText(bytes, PNG_DESIGN_KEYWORD);
    } catch {
      return { ok: false, message: `${quoted} is a damaged PNG image. Nothing was opened.` };
    }
    if (text === null) return { ok: false, message: `${quoted} is an image without a scenario in it. Only images exported by the playground (Export PNG/SVG) reopen.` };
    if (text.length > MAX_SCENARIO_CHARS) return { ok: false, message: `The scenario in ${quoted} is larger than ${formatSize(MAX_SCENARIO_CHARS)}. Nothing was opened.` };
    return { ok: true, text, design, from: 'png' };
  }
  const head = bytes.subarray(0, 16);
  if ((head[0] === 0xff && head[1] === 0xd8) || String.fromCharCode(...head.subarray(0, 4)) === 'GIF8' || String.fromCharCode(...head.subarray(8, 12)) === 'WEBP') {
    return { ok: false, message: `${quoted} is an image without a scenario in it. Only images exported by the playground (Export PNG/SVG) reopen.` };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, message: `${quoted} is not a text file (it is not UTF-8), so it is not a scenario. Nothing was opened.` };
  }
  if (text.includes('\0')) return { ok: false, message: `${quoted} is a binary file, not a scenario. Nothing was opened.` };
  if (startsAsSvg(text) || /\.svg$/i.test(name)) {
    const e = extractFromSvg(text);
    if (!e) return { ok: false, message: `${quoted} is an image without a scenario in it. Only images exported by the playground (Export PNG/SVG) reopen.` };
    if (e.text.length > MAX_SCENARIO_CHARS) return { ok: false, message: `The scenario in ${quoted} is larger than ${formatSize(MAX_SCENARIO_CHARS)}. Nothing was opened.` };
    return { ok: true, text: e.text, design: e.design, from: 'svg' };
  }
  if (text.length > MAX_SCENARIO_CHARS || bytes.length > MAX_SCENARIO_BYTES) {
    return { ok: false, message: `${quoted} is ${formatSize(bytes.length)}; scenarios are limited to ${formatSize(MAX_SCENARIO_CHARS)}. Nothing was opened.` };
  }
  const p = parse(text);
  if (!looksLikeScenario(p)) {
    const first = p.errors[0];
    return {
      ok: false,
      message: `${quoted} does not look like a scenario: ${p.errors.length} of its lines are not .scn statements${first ? ` (line ${first.line}: ${first.message})` : ''}. Nothing was opened.`,
    };
  }
  return { ok: true, text: text.replace(/^\uFEFF/, ''), design: null, from: 'text' };
}

/**
 * Whether a text is an SVG document: blanks, an optional `<?xml …?>`, comments and a DOCTYPE,
 * then `<svg`. A scan from the start (each step moves on), never a backtracking expression.
 */
export function startsAsSvg(text: string): boolean {
  let at = 0;
  const blanks = () => {
    while (at < text.length && ' \t\r\n\uFEFF'.includes(text[at])) at++;
  };
  const skip = (open: string, close: string): boolean => {
    if (!text.startsWith(open, at)) return false;
    const end = text.indexOf(close, at + open.length);
    at = end < 0 ? text.length : end + close.length;
    return true;
  };
  for (;;) {
    blanks();
    if (!(skip('<?xml', '?>') || skip('<!--', '-->') || skip('<!DOCTYPE', '>'))) break;
  }
  return text.startsWith('<svg', at) && /[\s>/]/.test(text[at + 4] ?? '');
}

/** A scenario's title (src/scn/title.ts), cut to 120 characters for a file name. */
export const titleOf = (text: string): string => scenarioTitle(text).slice(0, 120);
