/** The real engine behind the store: the scenario language over the core (defined with the runner). */
export { scnEngine as engine } from '../runner/scn-engine';
