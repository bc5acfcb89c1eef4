import { describe, expect, test } from 'vitest';
import { brussels, clock, sla, standardEmail, story } from './support.js';

const HOUR = 3_600_000;

// The worked examples of docs/sla.md that no other example test already shows.
describe('docs/sla.md worked examples', () => {
  test('a reply at Monday’s opening to an email due at Friday’s close is breached, though no business time passed in between', () => {
    const events = story('c1', [
      [brussels('2026-03-06T13:00'), standardEmail],
      [brussels('2026-03-09T09:00'), { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
    ]);
    const firstResponse = clock(sla(events, brussels('2026-03-09T12:00')), 'c1:first_response');
    expect(firstResponse).toMatchObject({
      state: 'breached',
      elapsedMs: 4 * HOUR,
      targetMs: 4 * HOUR,
      dueAt: brussels('2026-03-06T17:00').toISOString(),
      breachedAt: brussels('2026-03-06T17:00').toISOString(),
    });
  });

  test('a reply one minute before Friday’s close to the same email meets its target', () => {
    const events = story('c1', [
      [brussels('2026-03-06T13:00'), standardEmail],
      [brussels('2026-03-06T16:59'), { type: 'RecordAgentReply', agentId: 'ann', visibility: 'public' }],
    ]);
    expect(clock(sla(events, brussels('2026-03-09T12:00')), 'c1:first_response')).toMatchObject({
      state: 'met',
      elapsedMs: 4 * HOUR - 60_000,
    });
  });
});
