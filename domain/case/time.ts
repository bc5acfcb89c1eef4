import type { CaseCommand, CaseCommandType } from '../commands.js';
import { ValidationError } from '../errors.js';
import type { CaseState } from './state.js';

/**
 * Commands that record an instant already past by definition: the watchdog records a warning or a
 * breach at the instant its threshold was reached, which may come before events recorded since (it
 * ran late, restarted, or catches up on a backlog). They may go back in time, never before the case
 * was created, and they do not move the case's latest instant (`CaseState.latestAt`) either.
 */
const recordsPastInstant: ReadonlySet<CaseCommandType> = new Set(['RecordSlaWarning', 'RecordSlaBreach']);

const refused = (command: CaseCommand, message: string): ValidationError =>
  new ValidationError('INVALID_COMMAND', `${command.type} for case ${command.caseId}`, [{ path: 'at', message }]);

/**
 * Refuses a command whose instant contradicts the case's history: nothing happens to a case before
 * it was created, and time does not go backwards within a case (an instant equal to the latest is
 * fine). Warnings and breaches are held to creation only (see `recordsPastInstant`).
 * Throws INVALID_COMMAND naming `at`, its value and the earliest instant that would do.
 * @example checkCaseTime({ type: 'ResolveCase', caseId: 'c1', at: '2026-03-02T08:59:00.000Z', … }, createdAt9h) // throws
 */
export const checkCaseTime = (command: CaseCommand, state: CaseState): void => {
  const { createdAt, latestAt } = state;
  if (createdAt === undefined || latestAt === undefined) return;
  const at = Date.parse(command.at);
  if (at < Date.parse(createdAt))
    throw refused(
      command,
      `${command.at} is before the case was created (${createdAt}); give an instant at or after ${createdAt}`,
    );
  if (!recordsPastInstant.has(command.type) && at < Date.parse(latestAt))
    throw refused(
      command,
      `${command.at} is before the case's latest event (${latestAt}), and time does not go backwards within a case; give an instant at or after ${latestAt}, or leave at out to record it now`,
    );
};

/**
 * A command whose instant the caller left to the engine's clock, moved to the case's latest instant
 * when that is later: the clocks of two writers may disagree by a few milliseconds, and a caller
 * who named no instant contradicted nothing. A command with a stated instant is left as it is.
 * @example onCaseTime(reply, state) // reply at state.latestAt when the clock read earlier
 */
export const onCaseTime = <C extends CaseCommand>(command: C, state: CaseState): C => {
  const { latestAt } = state;
  if (latestAt === undefined || Date.parse(command.at) >= Date.parse(latestAt)) return command;
  return { ...command, at: latestAt };
};
