import { describe, expect, it } from 'vitest';
import type { CommandInput } from '../../domain/commands.js';
import type { PolicyConfigInput } from '../../domain/policy/config.js';
import { createEngine } from '../../src/engine.js';
import { publishPolicies } from '../../src/policies.js';
import { createSlaWatchdog, type SkippedSlaStep, type SlaWatchdogError } from '../../src/routing/sla-watchdog.js';
import { createVirtualScheduler } from '../../src/routing/virtual-scheduler.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { collect } from '../../src/testing/store-contract.js';
import { supportCenter } from './support.js';

/** The test support center whose front door escalates to Techsupport only, and whose chats breach after 30 s into Engineering. */
const policies = (): PolicyConfigInput => {
  const center = supportCenter();
  return {
    ...center,
    teams: center.teams!.map((t) => (t.id === 'customer-service' ? { ...t, escalatesTo: ['techsupport'] } : t)),
    slaPolicies: [
      {
        id: 'chat',
        when: { channel: ['chat'] },
        calendar: 'always',
        targets: { firstResponse: '30s' },
        onBreach: [{ type: 'escalate_functional', toTeam: 'engineering' }],
      },
    ],
  };
};

describe('the SLA watchdog’s actions are held to the escalation matrix', () => {
  it('an escalate_functional action to a team outside the matrix is skipped with the refusal as its reason, not an error', async () => {
    const scheduler = createVirtualScheduler(Date.parse('2026-03-02T09:00:00.000Z'));
    const store = createMemoryStore({ now: () => new Date(scheduler.now()) });
    const engine = createEngine({ store, clock: { now: () => new Date(scheduler.now()) } });
    await publishPolicies(store, policies(), { at: '2026-03-01T00:00:00.000Z' });
    const watchdog = createSlaWatchdog({ engine, scheduler });
    const [skipped, errors]: [SkippedSlaStep[], SlaWatchdogError[]] = [[], []];
    watchdog.skipped$.subscribe((s) => skipped.push(s));
    watchdog.errors$.subscribe((e) => errors.push(e));
    const run = async (command: CommandInput) => {
      await engine.execute(command);
      await watchdog.settled();
    };
    await run({
      type: 'CreateCase',
      caseId: 'c1',
      channel: 'chat',
      customerId: 'k1',
      segment: 'premium',
      subject: 'Hi',
    });
    await run({
      type: 'TriageCase',
      caseId: 'c1',
      team: 'customer-service',
      tier: 1,
      priority: 'P3',
      kind: 'incident',
    });
    scheduler.advanceTo(Date.parse('2026-03-02T09:01:00.000Z'));
    await watchdog.settled();
    await watchdog.stop();
    const types = (await collect(store.readStream('case-c1'))).map((e) => e.type);
    expect(types).toContain('SlaBreached');
    expect(types).not.toContain('CaseEscalated');
    expect(skipped).toEqual([
      expect.objectContaining({
        clockId: 'c1:first_response',
        threshold: 'breach',
        reason:
          'cannot EscalateCase on case c1 to engineering (toTeam): policy version 1 lets customer-service escalate to techsupport only',
      }),
    ]);
    expect(errors).toEqual([]);
  });
});
