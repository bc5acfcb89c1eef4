import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { arrivalsOfDay, expectedInHour, localDays, type ArrivalModel } from '../../src/simulator/arrivals.js';
import { createRandom } from '../../src/simulator/random.js';
import { parseSimulationConfig } from '../../src/simulator/config.js';

const model = parseSimulationConfig({}).arrivals as ArrivalModel;

describe('arrivals follow the configured curve', () => {
  test('over 8 weeks, the cases of each channel in each local hour of each weekday are within 5 standard deviations of the curve', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const random = createRandom(seed);
        const days = localDays(model, Date.parse('2026-01-05T12:00:00Z'), 56);
        // Observed and expected counts per (channel, weekday, local hour).
        const observed = new Map<string, number>();
        const expected = new Map<string, number>();
        for (const day of days) {
          const end = DateTime.fromMillis(day, { zone: model.timeZone }).plus({ days: 1 }).toMillis();
          for (let hour = day; hour < end; hour += 3_600_000) {
            const local = DateTime.fromMillis(hour, { zone: model.timeZone });
            for (const channel of Object.keys(model.channels) as (keyof typeof model.channels)[]) {
              const key = `${channel} ${local.weekday} ${local.hour}`;
              expected.set(key, (expected.get(key) ?? 0) + expectedInHour(model, channel, hour));
            }
          }
          for (const a of arrivalsOfDay(model, day, random.fork(String(day)))) {
            const local = DateTime.fromMillis(a.at, { zone: model.timeZone });
            const key = `${a.channel} ${local.weekday} ${local.hour}`;
            observed.set(key, (observed.get(key) ?? 0) + 1);
            expect(a.at).toBeGreaterThanOrEqual(day);
            expect(a.at).toBeLessThan(end);
          }
        }
        for (const [key, mean] of expected) {
          // A Poisson count: its standard deviation is the square root of its mean.
          expect(Math.abs((observed.get(key) ?? 0) - mean), key).toBeLessThanOrEqual(5 * Math.sqrt(mean) + 1);
        }
      }),
      { numRuns: 3 },
    );
  });

  test('a quiet hour has no arrival, and Saturday has about 45 % of a Monday’s 1.15', () => {
    expect(expectedInHour(model, 'email', Date.parse('2026-03-02T02:30:00Z'))).toBe(0);
    const monday = Date.parse('2026-03-02T09:00:00Z');
    const saturday = Date.parse('2026-03-07T09:00:00Z');
    expect(expectedInHour(model, 'chat', saturday) / expectedInHour(model, 'chat', monday)).toBeCloseTo(
      0.45 / 1.15,
      10,
    );
  });

  test('a day with a clock change has 23 or 25 local hours, each weighted by its own hour', () => {
    const [springForward] = localDays(model, Date.parse('2026-03-29T12:00:00Z'), 1);
    const arrivals = arrivalsOfDay(model, springForward!, createRandom(1));
    const end = DateTime.fromMillis(springForward!, { zone: model.timeZone }).plus({ days: 1 }).toMillis();
    expect((end - springForward!) / 3_600_000).toBe(23);
    expect(arrivals.every((a) => a.at >= springForward! && a.at < end)).toBe(true);
  });
});
