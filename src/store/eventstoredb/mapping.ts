import { ErrorType, isCommandError } from '@eventstore/db-client';
import { CaselineError, ValidationError, WrongExpectedRevisionError } from '../../../domain/errors.js';
import { eventSchemaVersions, isEventType } from '../../../domain/events/catalog.js';
import { parseEvent } from '../../../domain/events/parse.js';
import { describeExpected, type PreparedEvent } from '../append-checks.js';
import { caselineStreamPrefixes, type EventFilter, type ExpectedRevision, type RecordedEvent } from '../port.js';
import { recordedEvent } from '../recorded-event.js';
import type { EsdbEventData, EsdbExpectedRevision, EsdbRecordedEvent } from './client-calls.js';

/** caseline's expected revision in the client's terms; the four cases have the same meaning on both sides. */
export const toEsdbExpectedRevision = (expected: ExpectedRevision): EsdbExpectedRevision => {
  switch (expected) {
    case 'any':
      return 'any';
    case 'no_stream':
      return 'no_stream';
    case 'stream_exists':
      return 'stream_exists';
    default:
      return expected;
  }
};

/** The client's current revision of a stream in caseline's terms ('no_stream' when it has no events). */
export const fromEsdbCurrentRevision = (current: bigint | string): bigint | 'no_stream' =>
  typeof current === 'bigint' && current >= 0n ? current : 'no_stream';

/**
 * A validated caseline event as an ESDB JSON event: the event id and type as ESDB's, `data` as the data JSON,
 * and domain time, metadata and schema version in the metadata JSON.
 */
export const toEsdbEvent = (event: PreparedEvent): EsdbEventData => ({
  id: event.id,
  type: event.type,
  data: event.data,
  metadata: {
    occurredAt: event.occurredAt,
    correlationId: event.metadata.correlationId,
    causationId: event.metadata.causationId,
    actor: event.metadata.actor,
    schemaVersion: eventSchemaVersions[event.type],
  },
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/**
 * Rebuilds a caseline event from what ESDB returned and validates it with `parseEvent`; throws
 * INVALID_EVENT naming the event, its stream and revision, and the bad field.
 */
export const fromEsdbEvent = (raw: EsdbRecordedEvent, server: string): RecordedEvent => {
  const subject = `event ${raw.id} (${raw.streamId}@${raw.revision}) read from EventStoreDB`;
  if (!raw.isJson || !isRecord(raw.metadata)) {
    throw new ValidationError('INVALID_EVENT', subject, [
      { path: raw.isJson ? 'metadata' : 'data', message: 'is not JSON in caseline’s layout (docs/eventstoredb.md)' },
    ]);
  }
  const { occurredAt, correlationId, causationId, actor, schemaVersion } = raw.metadata;
  if (isEventType(raw.type)) {
    const known = eventSchemaVersions[raw.type];
    if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) {
      throw new ValidationError('INVALID_EVENT', subject, [
        { path: 'metadata.schemaVersion', message: `${String(schemaVersion)} must be a whole number >= 1` },
      ]);
    }
    if (schemaVersion > known) {
      throw new ValidationError('INVALID_EVENT', subject, [
        {
          path: 'metadata.schemaVersion',
          message: `${schemaVersion} is newer than this caseline knows (${known}); upgrade caseline to read it`,
        },
      ]);
    }
  }
  const event = parseEvent(
    { type: raw.type, data: raw.data, occurredAt, metadata: { correlationId, causationId, actor } },
    subject,
  );
  if (!raw.position) {
    throw new CaselineError(
      'STORE_UNAVAILABLE',
      `EventStoreDB at ${server} returned ${subject} without a log position; caseline needs EventStoreDB 22.6 or later`,
    );
  }
  return recordedEvent({
    ...event,
    id: raw.id,
    stream: raw.streamId,
    revision: raw.revision,
    position: { commit: raw.position.commit, prepare: raw.position.prepare },
    recordedAt: raw.created.toISOString(),
  });
};

/** True for EventStoreDB's own events: `$` streams (`$stats-…`, `$$case-1` metadata, `$ce-…` links) and `$` types. */
export const isSystemEvent = (raw: Pick<EsdbRecordedEvent, 'streamId' | 'type'>): boolean =>
  raw.streamId.startsWith('$') || raw.type.startsWith('$');

/** True when the stream holds caseline's events. */
export const isCaselineStream = (stream: string): boolean => caselineStreamPrefixes.some((p) => stream.startsWith(p));

/**
 * The stream-name prefixes to ask the server for: the caller's prefixes where they are inside caseline's,
 * caseline's where the caller's are wider, caseline's alone when the caller names none.
 * @example serverPrefixes({ streamPrefixes: ['agent-7'] }) // ['agent-7']
 */
export const serverPrefixes = (filter: EventFilter | undefined): string[] => {
  const wanted = filter?.streamPrefixes;
  if (!wanted) return [...caselineStreamPrefixes];
  const prefixes = new Set<string>();
  for (const prefix of wanted) {
    if (isCaselineStream(prefix)) prefixes.add(prefix);
    else for (const own of caselineStreamPrefixes) if (own.startsWith(prefix)) prefixes.add(own);
  }
  return prefixes.size > 0 ? [...prefixes] : [...caselineStreamPrefixes];
};

/** True when the client reports a missing stream (a read of it is empty in caseline). */
export const isStreamNotFound = (error: unknown): boolean =>
  error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND;

/** The client's conflict error as caseline's WrongExpectedRevisionError; any other error unchanged. */
export const mapAppendError = (error: unknown, stream: string, expected: ExpectedRevision): unknown => {
  if (error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION) {
    return new WrongExpectedRevisionError(
      stream,
      describeExpected(expected),
      fromEsdbCurrentRevision(error.actualVersion),
    );
  }
  return error;
};

const permanentTypes: ReadonlySet<string> = new Set([
  ErrorType.ACCESS_DENIED,
  ErrorType.INVALID_ARGUMENT,
  ErrorType.STREAM_DELETED,
  ErrorType.UNSUPPORTED,
]);

/** True when retrying the same call later may succeed: a dropped connection, a deadline, a leader change. */
export const isTransient = (error: unknown): boolean => {
  if (error instanceof CaselineError) return false;
  if (error instanceof Error && isCommandError(error)) return !permanentTypes.has(error.type);
  return true;
};

/**
 * A short human cause for a client error: "connection refused", "host name not found", "access denied: …".
 * @example describeCause(new UnavailableError()) // the client's message, or "connection refused" when it says ECONNREFUSED
 */
export const describeCause = (error: unknown): string => {
  if (error instanceof Error && isCommandError(error)) {
    if (error.type === ErrorType.ACCESS_DENIED) {
      return 'access denied: check the username and password in the connection string (the user must be allowed to read $all)';
    }
    if (error.type === ErrorType.DEADLINE_EXCEEDED) return 'no answer before the deadline';
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  if (/ENOTFOUND|EAI_AGAIN|Name resolution failed/i.test(message)) return 'host name not found';
  if (/EHOSTUNREACH|ENETUNREACH|ETIMEDOUT/.test(message)) return 'host unreachable';
  const discovery = /Failed to discover after (\d+) attempts/.exec(message);
  if (discovery) return `cluster discovery failed after ${discovery[1]} attempts: no gossip seed answered`;
  if (/SSL|TLS|certificate|handshake|wrong version number/i.test(message)) {
    return `TLS handshake failed (${message.trim()}); add ?tls=false for an insecure node, or tlsCAFile=… for a private CA`;
  }
  return message.trim() || 'unknown error';
};
