import { triageCase } from '../../domain/routing/triage.js';
import { caseStream } from '../store/port.js';
import { run, type RouterContext } from './router-context.js';

/**
 * Triages a new case by the published triage rules (the first that matches sets team, tier, kind,
 * priority and required skills; none matching, the default front door). A case someone triaged
 * first is left as they triaged it; a case created before any policy was published waits untriaged.
 */
export const triageWork = async (ctx: RouterContext, caseId: string): Promise<void> => {
  const config = ctx.state.config;
  const c = ctx.state.cases.get(caseId);
  if (config === undefined || c === undefined || c.team !== undefined) return;
  let created;
  for await (const event of ctx.engine.store.readStream(caseStream(caseId), { maxCount: 1 })) created = event;
  if (created?.type !== 'CaseCreated') return;
  // Rules that took effect after the case was created triage it when they did: the engine refuses
  // a triage by rules not in force at its instant (and `run` moves it past events recorded since).
  const effectiveAt = ctx.state.versions.find((v) => v.config === config)?.effectiveAt ?? 0;
  const at = new Date(Math.max(Date.parse(created.occurredAt), effectiveAt)).toISOString();
  const d = created.data;
  const result = triageCase(config, {
    channel: d.channel,
    segment: d.segment,
    kind: d.kind,
    category: d.category,
    keywords: d.keywords,
    subject: d.subject,
    body: d.body,
    createdAt: created.occurredAt,
  });
  if (!ctx.teams?.has(result.team) && ctx.teams !== undefined) return;
  await run(
    ctx,
    {
      type: 'TriageCase',
      caseId,
      team: result.team,
      tier: result.tier,
      priority: result.priority,
      kind: result.kind,
      impact: result.impact,
      urgency: result.urgency,
      skills: result.skills,
      reason: result.reason.slice(0, 500),
      at,
      ...(result.category === undefined ? {} : { category: result.category }),
      ...(result.ruleId === undefined ? {} : { ruleId: result.ruleId }),
    },
    `triage:${caseId}`,
  );
};
