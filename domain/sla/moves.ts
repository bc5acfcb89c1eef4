import { CaselineError } from '../errors.js';
import type { CaseEvent } from '../events/catalog.js';

/** The exhaustiveness check of the SLA tracker's switches over case events. */
export const assertNever = (value: never): never => {
  throw new CaselineError('INVALID_EVENT', `the SLA tracker does not know event ${JSON.stringify(value)}`);
};

/**
 * Whether an event of a case can move its SLA or OLA clocks. Assignments, surveys, SLA warnings and
 * breaches, and internal notes never do: the tracker leaves the state as it is for them, and a
 * projection may skip them before it even looks the case up.
 * @example movesSlaClocks(caseAssigned) // false
 */
export const movesSlaClocks = (event: CaseEvent): boolean => {
  switch (event.type) {
    case 'AgentReplied':
      return event.data.visibility === 'public';
    case 'CaseCreated':
    case 'CaseTriaged':
    case 'CustomerReplied':
    case 'CaseStatusChanged':
    case 'CaseEscalated':
    case 'EscalationReturned':
    case 'CaseResolved':
    case 'CaseReopened':
    case 'CaseClosed':
      return true;
    case 'CaseAssigned':
    case 'CaseUnassigned':
    case 'RoutingDecided':
    case 'CaseOffered':
    case 'OfferAccepted':
    case 'OfferDeclined':
    case 'CaseSurveyed':
    case 'SlaWarned':
    case 'SlaBreached':
      return false;
    default:
      return assertNever(event);
  }
};
