/** The real engine behind the runner: the scenario language over the core (the page's and the run Worker's). */
import { DESIGN_IDS, getDesign, type DesignId } from '../core';
import { designsFor, parseScenario, runScenario, runScenarioSteps } from '../scn';
import { mailReport } from '../report/mail';
import type { Engine } from './pure/engine';

export const scnEngine: Engine = {
  parse: (text) => parseScenario(text),
  designsFor: (script, fallback) => designsFor(script, fallback),
  run: (script, design) => runScenario(script, design),
  runSteps: (script, design, reuse) => runScenarioSteps(script, design, reuse),
  design: (id: DesignId) => {
    const d = getDesign(id);
    if (!d) throw new Error(`unknown design ${id}`);
    return d;
  },
  designIds: DESIGN_IDS,
  report: (text, runs) => mailReport(text, { runs }),
};
