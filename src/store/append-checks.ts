import { validate as isUuid } from 'uuid';
import { CaselineError, ValidationError, WrongExpectedRevisionError } from '../../domain/errors.js';
import { parseEvent } from '../../domain/events/parse.js';
import { isAgentEvent, isCaseEvent, type CaselineEvent } from '../../domain/events/catalog.js';
import { newEventId } from './event-id.js';
import type { ExpectedRevision, NewEvent } from './port.js';

/** An event checked and ready to write: validated, with its id. */
export type PreparedEvent = CaselineEvent & { id: string };

const streamNamePattern = /^[^\s$][^\s]{0,254}$/;

/** Rejects a stream name a store would choke on (empty, whitespace, system `$` streams). */
export const checkStreamName = (stream: string): void => {
  if (typeof stream !== 'string' || !streamNamePattern.test(stream)) {
    throw new ValidationError('INVALID_ARGUMENT', 'stream name', [
      {
        path: 'stream',
        message: `"${String(stream)}" must be 1–255 characters without whitespace and must not start with $`,
      },
    ]);
  }
};

/**
 * Validates a batch before any of it is written: every event against the catalog, ids as UUIDs
 * (UUID v7 made when absent) and unique within the batch. Throws before the store is touched.
 */
export const prepareAppend = (stream: string, events: readonly NewEvent[]): PreparedEvent[] => {
  checkStreamName(stream);
  if (!Array.isArray(events) || events.length === 0) {
    throw new ValidationError('INVALID_ARGUMENT', `append to ${stream}`, [
      { path: 'events', message: 'must be a non-empty array of events' },
    ]);
  }
  const ids = new Set<string>();
  return events.map((raw, index) => {
    const { id, ...rest } = raw;
    const event = parseEvent(rest, `event ${index} of the append to ${stream}`);
    // Time-ordered (v7) ids keep the stores' id indexes append-mostly instead of writing random pages.
    const eventId = id ?? newEventId();
    if (!isUuid(eventId)) {
      throw new ValidationError('INVALID_EVENT', `event ${index} of the append to ${stream}`, [
        { path: 'id', message: `"${eventId}" is not a UUID` },
      ]);
    }
    if (ids.has(eventId)) {
      throw new CaselineError(
        'DUPLICATE_EVENT_ID',
        `event ${index} of the append to ${stream} repeats id ${eventId} within the batch`,
      );
    }
    ids.add(eventId);
    checkStreamOwner(stream, event, `event ${index} of the append to ${stream}`);
    return { ...event, id: eventId };
  });
};

/**
 * A case stream holds the events of its case and an agent stream those of its agent: a
 * `CaseAssigned` of case B written to `case-A` would be folded into A's state by every reader.
 */
export const checkStreamOwner = (stream: string, event: CaselineEvent, subject: string): void => {
  const [kind, owner, field] = stream.startsWith('case-')
    ? (['case', stream.slice(5), 'caseId'] as const)
    : stream.startsWith('agent-')
      ? (['agent', stream.slice(6), 'agentId'] as const)
      : [undefined, undefined, undefined];
  if (kind === undefined) return;
  const fits = kind === 'case' ? isCaseEvent(event) : isAgentEvent(event);
  const id: unknown = (event.data as Record<string, unknown>)[field];
  if (fits && id === owner) return;
  throw new ValidationError('INVALID_EVENT', subject, [
    fits
      ? {
          path: `data.${field}`,
          message: `"${String(id)}" does not match the stream: ${stream} holds the events of ${kind} ${owner}`,
        }
      : { path: 'type', message: `a ${event.type} event does not belong in ${kind} stream ${stream}` },
  ]);
};

/** Text form of an expected revision, for errors. */
export const describeExpected = (expected: ExpectedRevision): string =>
  typeof expected === 'bigint' ? expected.toString() : expected;

/** Validates the `expectedRevision` option itself. */
export const checkExpectedRevisionArgument = (expected: unknown): ExpectedRevision => {
  if (expected === undefined) return 'any';
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  throw new ValidationError('INVALID_ARGUMENT', 'expectedRevision', [
    {
      path: 'expectedRevision',
      message: `${String(expected)} must be 'any', 'no_stream', 'stream_exists' or a bigint >= 0n`,
    },
  ]);
};

/**
 * Enforces ESDB's expected-revision semantics against the stream's current revision
 * (`'no_stream'` when it has no events). Throws WrongExpectedRevisionError on conflict.
 */
export const checkExpectedRevision = (
  stream: string,
  expected: ExpectedRevision,
  current: bigint | 'no_stream',
): void => {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === 'no_stream') ||
    (expected === 'stream_exists' && current !== 'no_stream') ||
    (typeof expected === 'bigint' && current === expected);
  if (!ok) throw new WrongExpectedRevisionError(stream, describeExpected(expected), current);
};
