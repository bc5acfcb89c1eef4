import { IANAZone } from 'luxon';
import { z } from 'zod';
import { identifier } from '../vocabulary.js';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A local weekday, Monday first (ISO order). */
export type Weekday = (typeof weekdays)[number];

/** A business calendar as published in the policy configuration (JSON-serialisable). */
export type CalendarSpec = {
  id: string;
  /** IANA zone, e.g. 'Europe/Brussels'. */
  timeZone: string;
  /** Local 'HH:mm' open intervals per weekday; '24:00' is allowed as an end. */
  week: Partial<Record<Weekday, Array<[string, string]>>>;
  /** Local dates 'YYYY-MM-DD', closed all day (unless an exception gives that date hours). */
  holidays?: string[];
  /** A local date with its own hours (empty = closed); replaces the weekday's hours and wins over a holiday. */
  exceptions?: Array<{ date: string; intervals: Array<[string, string]> }>;
};

const startOfInterval = /^([01]\d|2[0-3]):[0-5]\d$/;
const endOfInterval = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const localDate = /^\d{4}-\d{2}-\d{2}$/;

/** Minutes since local midnight of an 'HH:mm' string already checked by the schema. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const isRealDate = (s: string): boolean => {
  if (!localDate.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

const intervalSchema = z.tuple([
  z.string().regex(startOfInterval, "must be a local time 'HH:mm' (00:00 to 23:59)"),
  z.string().regex(endOfInterval, "must be a local time 'HH:mm' (00:01 to 24:00)"),
]);

const intervalListSchema = z.array(intervalSchema).superRefine((intervals, ctx) => {
  const sorted = intervals.map((iv, index) => ({ iv, index })).sort((a, b) => minutesOf(a.iv[0]) - minutesOf(b.iv[0]));
  for (const { iv, index } of sorted) {
    if (minutesOf(iv[1]) <= minutesOf(iv[0])) {
      ctx.addIssue({
        code: 'custom',
        path: [index],
        message: `interval ${iv[0]}–${iv[1]} does not end after it starts (intervals do not cross midnight: split a night shift across two days)`,
      });
    }
  }
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (minutesOf(cur.iv[0]) < minutesOf(prev.iv[1])) {
      ctx.addIssue({
        code: 'custom',
        path: [cur.index],
        message: `interval ${cur.iv[0]}–${cur.iv[1]} overlaps ${prev.iv[0]}–${prev.iv[1]}`,
      });
    }
  }
});

// luxon checks a zone by building an Intl formatter (~0.5 ms); configurations name few zones,
// so the answers are remembered (bounded, in case of hostile input).
const zoneValidity = new Map<string, boolean>();
const isKnownZone = (zone: string): boolean => {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1024) zoneValidity.set(zone, valid);
  }
  return valid;
};

const localDateSchema = z.string().refine(isRealDate, "must be a real local date 'YYYY-MM-DD'");

/** Schema of a CalendarSpec: rejects unknown zones, malformed times and dates, inverted or overlapping intervals. */
export const calendarSpecSchema = z.strictObject({
  id: identifier,
  timeZone: z.string().refine(isKnownZone, 'is not a known IANA time zone'),
  week: z.partialRecord(z.enum(weekdays), intervalListSchema),
  holidays: z.array(localDateSchema).optional(),
  exceptions: z
    .array(z.strictObject({ date: localDateSchema, intervals: intervalListSchema }))
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((ex, index) => {
        if (seen.has(ex.date))
          ctx.addIssue({ code: 'custom', path: [index, 'date'], message: `${ex.date} has two exceptions` });
        seen.add(ex.date);
      });
    })
    .optional(),
}) satisfies z.ZodType<CalendarSpec>;
