import { DateTime } from 'luxon';
import type { Channel } from '../../domain/vocabulary.js';
import type { Random } from './random.js';

// When cases arrive: a Poisson process per channel whose rate follows a daily curve (by local hour,
// in the center's zone) and a weekly pattern (by local weekday), as support centers plan staffing.

/** The days of the week, Monday first, as the weekly pattern lists them. */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** How one channel's cases arrive. */
export type ChannelArrivals = {
  /** Cases a day on a day of weekly weight 1. */
  readonly perDay: number;
  /** 24 relative weights, one per local hour from 00:00: the shape of a day (normalised). */
  readonly hourly: readonly number[];
};

/** How cases arrive at the center. */
export type ArrivalModel = {
  /** The IANA zone the daily curve and the weekly pattern are read in. */
  readonly timeZone: string;
  readonly channels: Partial<Readonly<Record<Channel, ChannelArrivals>>>;
  /** Relative volume of each weekday (1 = `perDay`). */
  readonly weekly: Readonly<Record<Weekday, number>>;
};

/** One arrival: when and on which channel. */
export type Arrival = { readonly at: number; readonly channel: Channel };

/** The expected arrivals of `channel` in the local hour starting at `hourStart` (ms). */
export const expectedInHour = (model: ArrivalModel, channel: Channel, hourStart: number): number => {
  const arrivals = model.channels[channel];
  if (arrivals === undefined) return 0;
  const local = DateTime.fromMillis(hourStart, { zone: model.timeZone });
  const total = arrivals.hourly.reduce((sum, w) => sum + w, 0);
  if (total <= 0) return 0;
  const day = weekdays[local.weekday - 1]!;
  return (arrivals.perDay * model.weekly[day] * (arrivals.hourly[local.hour] ?? 0)) / total;
};

/**
 * The arrivals of the local day that starts at `dayStart` (a local midnight, ms), in order of time
 * (ties by channel order): per local hour and channel, a Poisson count placed uniformly in the hour.
 * A day with a clock change has 23 or 25 hours; each is weighted by its local hour.
 * @example arrivalsOfDay(model, startOfLocalDay, random.fork('arrivals/2026-03-02'))
 */
export const arrivalsOfDay = (model: ArrivalModel, dayStart: number, random: Random): Arrival[] => {
  const start = DateTime.fromMillis(dayStart, { zone: model.timeZone }).startOf('day');
  const end = start.plus({ days: 1 }).toMillis();
  const arrivals: Arrival[] = [];
  const channels = Object.keys(model.channels) as Channel[];
  for (let hour = start.toMillis(); hour < end; hour += 3_600_000) {
    for (const channel of channels) {
      const count = random.poisson(expectedInHour(model, channel, hour));
      for (let i = 0; i < count; i++) arrivals.push({ at: hour + Math.floor(random.next() * 3_600_000), channel });
    }
  }
  return arrivals.sort((a, b) => a.at - b.at || channels.indexOf(a.channel) - channels.indexOf(b.channel));
};

/** The local midnights (ms) of `days` days from the one containing `from`, in the model's zone. */
export const localDays = (model: ArrivalModel, from: number, days: number): number[] => {
  const first = DateTime.fromMillis(from, { zone: model.timeZone }).startOf('day');
  return Array.from({ length: days }, (_, i) => first.plus({ days: i }).toMillis());
};
