/** Stable error codes; callers switch on `code`, never on message text. */
export type CaselineErrorCode =
  | 'INVALID_EVENT'
  | 'INVALID_COMMAND'
  | 'INVALID_CALENDAR'
  | 'INVALID_POLICY'
  | 'INVALID_ARGUMENT'
  | 'ILLEGAL_TRANSITION'
  /** A command names a team or agent the published policies or the roster do not know (or no policies are published). */
  | 'UNKNOWN_REFERENCE'
  | 'WRONG_EXPECTED_REVISION'
  | 'CALENDAR_NEVER_OPEN'
  | 'STORE_UNAVAILABLE'
  | 'STORE_CLOSED'
  | 'STORE_INCOMPATIBLE'
  | 'CONCURRENCY_RETRIES_EXHAUSTED'
  | 'DUPLICATE_EVENT_ID'
  | 'NOT_FOUND';

/** Base of every error caseline throws on purpose: a stable `code` and a message that says what to do. */
export class CaselineError extends Error {
  readonly code: CaselineErrorCode;

  constructor(code: CaselineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One problem found by validation: where (a dotted path) and why. */
export type ValidationIssue = { path: string; message: string };

/** Input that does not fit its schema: a command, an event, a calendar, a policy. Nothing was written. */
export class ValidationError extends CaselineError {
  readonly issues: readonly ValidationIssue[];

  constructor(
    code: Extract<
      CaselineErrorCode,
      'INVALID_EVENT' | 'INVALID_COMMAND' | 'INVALID_CALENDAR' | 'INVALID_POLICY' | 'INVALID_ARGUMENT'
    >,
    subject: string,
    issues: readonly ValidationIssue[],
  ) {
    const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    super(code, `${subject} is invalid: ${detail}`);
    this.issues = issues;
  }
}

/** A command that the case or agent lifecycle does not allow in its current status. */
export class IllegalTransitionError extends CaselineError {
  readonly status: string;
  readonly command: string;

  constructor(command: string, status: string, message: string) {
    super('ILLEGAL_TRANSITION', message);
    this.status = status;
    this.command = command;
  }
}

/** Optimistic concurrency conflict: the stream was not at the revision the writer expected. */
export class WrongExpectedRevisionError extends CaselineError {
  readonly stream: string;
  readonly expected: string;
  readonly actual: bigint | 'no_stream';

  constructor(stream: string, expected: string, actual: bigint | 'no_stream') {
    super(
      'WRONG_EXPECTED_REVISION',
      `stream ${stream}: expected revision ${expected} but the stream is at ${actual === 'no_stream' ? 'no_stream (it does not exist)' : String(actual)}; reload the stream and decide again`,
    );
    this.stream = stream;
    this.expected = expected;
    this.actual = actual;
  }
}
