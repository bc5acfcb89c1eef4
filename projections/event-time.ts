import type { RecordedEvent } from '../domain/events/recorded.js';
import { instantOf } from '../domain/instant.js';

/** Milliseconds since the epoch of an ISO-8601 instant, exactly as `Date.parse` reads it (fast for the canonical form). */
export const instantMs = instantOf;

// Every projection of a combined run asks for the time of the same event in turn: remember the last.
let lastEvent: RecordedEvent | undefined;
let lastMs = 0;

/** When the event happened (domain time, `occurredAt`), in epoch milliseconds. */
export const occurredMs = (event: RecordedEvent): number => {
  if (event !== lastEvent) {
    lastMs = instantMs(event.occurredAt);
    lastEvent = event;
  }
  return lastMs;
};

/** Length of a day in milliseconds. */
export const dayMs = 86_400_000;
/** Length of an hour in milliseconds. */
export const hourMs = 3_600_000;

/** The UTC date of an instant, `YYYY-MM-DD`. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** An instant as canonical ISO-8601 UTC text. */
export const isoOf = (ms: number): string => new Date(ms).toISOString();
