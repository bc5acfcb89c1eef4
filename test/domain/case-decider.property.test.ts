import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedCaseCommands, foldCase, initialCaseState, evolveCase } from '../../domain/case/index.js';
import { parseEvent } from '../../domain/events/parse.js';
import { arbCaseHistory } from '../../src/testing/arbitraries/case-history.js';

const count = (events: readonly { type: string }[], type: string) => events.filter((e) => e.type === type).length;

describe('case decider properties', () => {
  it('every generated history is valid against the event catalog and folds without error', () => {
    fc.assert(
      fc.property(arbCaseHistory(), ({ events }) => {
        for (const event of events) expect(parseEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
        let state = initialCaseState();
        for (const event of events) state = evolveCase(state, event);
        expect(state.caseId).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('nothing is recorded after a case is closed, and a closed case allows nothing', () => {
    fc.assert(
      fc.property(arbCaseHistory({ maxSteps: 40 }), ({ events }) => {
        const closedAt = events.findIndex((e) => e.type === 'CaseClosed');
        if (closedAt >= 0) {
          expect(closedAt).toBe(events.length - 1);
          expect(allowedCaseCommands(foldCase(events))).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a survey follows a resolution, at most one per resolution', () => {
    fc.assert(
      fc.property(arbCaseHistory({ maxSteps: 40 }), ({ events }) => {
        let resolved = false;
        let surveyedThisResolution = false;
        for (const event of events) {
          if (event.type === 'CaseResolved') [resolved, surveyedThisResolution] = [true, false];
          if (event.type === 'CaseReopened') resolved = false;
          if (event.type === 'CaseSurveyed') {
            expect(resolved).toBe(true);
            expect(surveyedThisResolution).toBe(false);
            surveyedThisResolution = true;
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hand-backs never outnumber functional escalations, and the holder is the last escalation target', () => {
    fc.assert(
      fc.property(arbCaseHistory({ maxSteps: 40 }), ({ events }) => {
        const escalations = events.filter((e) => e.type === 'CaseEscalated' && e.data.kind === 'functional').length;
        expect(count(events, 'EscalationReturned')).toBeLessThanOrEqual(escalations);
        const state = foldCase(events);
        const top = state.escalations.at(-1);
        if (top) expect(state.team).toBe(top.toTeam);
      }),
      { numRuns: 300 },
    );
  });

  it('event instants never go backwards', () => {
    fc.assert(
      fc.property(arbCaseHistory(), ({ events }) => {
        for (let i = 1; i < events.length; i++) expect(events[i]!.occurredAt >= events[i - 1]!.occurredAt).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
