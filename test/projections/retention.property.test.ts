import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceRetention, createRetention, scheduleLeave, takeLeaving } from '../../projections/retention.js';

describe('retention of closed cases', () => {
  it('as event time passes, exactly the cases whose leaving instant it passed leave, earliest first', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1_000 }), fc.boolean()), { maxLength: 200 }), (steps) => {
        // Each step schedules one case (leaving at its instant) and sometimes moves event time past it.
        const retention = createRetention<number>();
        const scheduled: { caseId: string; at: number }[] = [];
        const left: { caseId: string; at: number }[] = [];
        let watermark = Number.NEGATIVE_INFINITY;
        steps.forEach(([at, advance], n) => {
          scheduleLeave(retention, `c${n}`, n, at);
          scheduled.push({ caseId: `c${n}`, at });
          if (!advance) return;
          watermark = Math.max(watermark, at + 1);
          advanceRetention(retention, at + 1);
          const batch: { caseId: string; at: number }[] = [];
          for (let gone = takeLeaving(retention); gone !== undefined; gone = takeLeaving(retention)) {
            expect(gone.record).toBe(Number(gone.caseId.slice(1)));
            batch.push({ caseId: gone.caseId, at: gone.at });
          }
          expect(batch.map((b) => b.at)).toEqual([...batch.map((b) => b.at)].sort((a, b) => a - b));
          left.push(...batch);
        });
        // A case scheduled after event time already passed its instant is due at once.
        for (let gone = takeLeaving(retention); gone !== undefined; gone = takeLeaving(retention))
          left.push({ caseId: gone.caseId, at: gone.at });
        const due = scheduled.filter((s) => s.at < watermark).map((s) => s.caseId);
        expect(left.map((l) => l.caseId).sort()).toEqual([...due].sort());
      }),
      { numRuns: 300 },
    );
  });
});
