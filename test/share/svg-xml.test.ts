import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { SaxesParser } from 'saxes';
import { embedInSvg, extractFromSvg, openFile, startsAsSvg } from '../../src/share';
import { escapeUnits, isXmlSafe, unescapeUnits } from '../../src/share/xml-safe';

const demo = readFileSync(new URL('../../src/scenarios/demo-v3-usage.scn', import.meta.url), 'utf8');
const bytes = (s: string) => new TextEncoder().encode(s);
const parse = () => ({ statements: 1, errors: [] });

/** The first well-formedness error a conformant XML parser reports, or null. */
function xmlError(doc: string): string | null {
  const p = new SaxesParser({ xmlns: true });
  let err: string | null = null;
  p.on('error', (e) => {
    err ??= e.message;
  });
  p.write(doc).close();
  return err;
}

/** Deterministic strings that mix what XML forbids with what it must keep. */
function fuzzTexts(n: number): string[] {
  let seed = 24;
  const rnd = (k: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 8) % k;
  };
  const atoms = ['\0', '\x01', '\x07', '\x0b', '\x0c', '\x1b', '\x1f', '\t', '\n', '\r', '\r\n', '\u202e', '\u2028', '\ufffe', '\uffff', '\ud800', '\udfff', '🚀', '&', '<', '>', '"', "'", ']]>', '%', '%41', '%u0001', '&amp;', 'pci P1', ' ', 'ü'];
  return Array.from({ length: n }, () => Array.from({ length: 1 + rnd(40) }, () => atoms[rnd(atoms.length)]).join(''));
}

const BASE = '<svg xmlns="http://www.w3.org/2000/svg" width="10"><g><text>label</text></g></svg>';

describe('SVG export is always well-formed XML', () => {
  it('the XML parser used here rejects what XML forbids (so the checks below can fail)', () => {
    expect(xmlError('<svg><text>a\x01b</text></svg>')).not.toBeNull();
    expect(xmlError('<svg>&#1;</svg>')).not.toBeNull();
    expect(xmlError(BASE)).toBeNull();
  });

  it('a control character in the scenario gives a valid SVG that round-trips the text exactly', () => {
    const text = `${demo}\n# bell \x07 escape \x1b[31m nul \0 bidi \u202e end`;
    const svg = embedInSvg(BASE, { text, design: 'v3-group-flag' });
    expect(xmlError(svg)).toBeNull();
    expect(extractFromSvg(svg)).toEqual({ text, design: 'v3-group-flag' });
    expect(openFile('g.svg', bytes(svg), parse)).toEqual({ ok: true, text, design: 'v3-group-flag', from: 'svg' });
  });

  it('fuzzed scenario texts (controls, U+202E, lone surrogates, markup, %) all give valid XML and round-trip', () => {
    for (const text of fuzzTexts(400)) {
      const svg = embedInSvg(BASE, { text, design: 'driver-map' });
      expect(xmlError(svg), JSON.stringify(text)).toBeNull();
      expect(extractFromSvg(svg)).toEqual({ text, design: 'driver-map' });
    }
  });

  it('a forbidden character in what is drawn (a label) is replaced, not passed through', () => {
    const svg = embedInSvg('<svg xmlns="http://www.w3.org/2000/svg"><text>m\x01 \ud800</text></svg>', { text: 'pci P1\n', design: null });
    expect(xmlError(svg)).toBeNull();
    expect(svg).toContain('<text>m\ufffd \ufffd</text>');
  });

  it('a safe text is written plainly (readable, and what earlier versions read)', () => {
    const svg = embedInSvg(BASE, { text: demo, design: 'pasid-6.x' });
    expect(svg).not.toContain('encoding=');
    expect(svg).toContain('pci P1');
    expect(isXmlSafe(demo)).toBe(true);
    expect(unescapeUnits(escapeUnits('%\x01\ud800x'))).toBe('%\x01\ud800x');
  });
});

describe('opened files are read in linear time', () => {
  // The 6 MB SVG of issue 24: every `<scenario …>` opening without a close made the old
  // regular expression scan to the end again (quadratic: 1 MB took 4.5 s, 6 MB about 160 s).
  const hostile = (mb: number) => {
    const open = '<scenario xmlns="https://iommu-playground.invalid/scenario/1">';
    return bytes(`<svg xmlns="http://www.w3.org/2000/svg">${open.repeat(Math.floor((mb * 1024 * 1024) / open.length))}</svg>`);
  };
  const time = (b: Uint8Array) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = openFile('x.svg', b, parse);
      best = Math.min(best, performance.now() - t);
      expect(r).toMatchObject({ ok: false });
    }
    return best;
  };

  it('a 6 MB SVG full of unclosed scenario tags is refused in well under a second', () => {
    expect(time(hostile(6))).toBeLessThan(2000);
  });

  it('4 MB costs about four times 1 MB, not sixteen', () => {
    const small = hostile(1), large = hostile(4);
    time(small); // warm up
    expect(time(large) / Math.max(time(small), 1)).toBeLessThan(8);
  });

  it('the SVG sniffing is a scan, so a head of many comments cannot backtrack', () => {
    expect(startsAsSvg('<?xml version="1.0"?>\n<!-- a --><!-- b -->\n<!DOCTYPE svg>\n<svg xmlns="x">')).toBe(true);
    expect(startsAsSvg('<svgx>')).toBe(false);
    expect(startsAsSvg('pci P1\n<svg>')).toBe(false);
    const t = performance.now();
    expect(startsAsSvg(`${'<!-- -->'.repeat(2000)}<!-- ${'-- '.repeat(2000)}`)).toBe(false);
    expect(performance.now() - t).toBeLessThan(500);
  });
});
