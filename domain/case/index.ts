import type { CaseCommand } from '../commands.js';
import type { CaseEvent } from '../events/catalog.js';
import { decideCase } from './decide.js';
import { evolveCase, initialCaseState, type CaseState } from './state.js';

export { allowedCaseCommands, decideCase } from './decide.js';
export { checkCaseReferences, referencesNeeded, type CaseReferences, type PoliciesAt } from './references.js';
export { checkCaseTime, onCaseTime } from './time.js';
export {
  evolveCase,
  initialCaseState,
  slaMarkKey,
  type CaseState,
  type CaseStatus,
  type OpenEscalation,
} from './state.js';

/** The case decider as one value (Emmett's shape): decide, evolve, initialState. */
export const caseDecider = {
  decide: decideCase,
  evolve: evolveCase,
  initialState: initialCaseState,
} as const;

/** Folds a case's history into its state. */
export const foldCase = (events: Iterable<CaseEvent>, from: CaseState = initialCaseState()): CaseState => {
  let state = from;
  for (const event of events) state = evolveCase(state, event);
  return state;
};

/** Decides a command against a history and returns the new events; a convenience for tests and tools. */
export const decideOnHistory = (history: Iterable<CaseEvent>, command: CaseCommand): CaseEvent[] =>
  decideCase(command, foldCase(history));
