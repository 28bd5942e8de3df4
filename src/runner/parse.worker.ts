/**
 * Parsing in a Web Worker: a long scenario's parse (tens of ms for 3,000 lines) never blocks
 * typing. The Script is plain data, so it crosses to the page by structured clone unchanged.
 *   in:  { id, text }      out: { id, script, errors }
 */
import { parseScenario } from '../scn';

self.onmessage = (ev: MessageEvent<{ id: number; text: string }>) => {
  const { id, text } = ev.data;
  try {
    const { script, errors } = parseScenario(text);
    self.postMessage({ id, script, errors });
  } catch (e) {
    self.postMessage({ id, script: null, errors: [{ line: 1, col: 1, message: `parser crashed: ${String(e)}` }] });
  }
};
