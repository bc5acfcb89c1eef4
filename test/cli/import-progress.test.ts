import { describe, expect, it } from 'vitest';
import { createProgressLine, formatProgress } from '../../src/cli/import/progress.js';

describe('caseline import jsonl: progress on a terminal', () => {
  it('the progress line shows lines read while validating, then events imported and the rate', () => {
    expect(formatProgress({ phase: 'validating', linesRead: 1_234_567, imported: 0, skipped: 0 }, 900)).toBe(
      'validating: 1,234,567 lines read',
    );
    expect(formatProgress({ phase: 'importing', linesRead: 30_000, imported: 20_000, skipped: 0 }, 2_000)).toBe(
      'importing: 30,000 lines read, 20,000 events imported, 10,000 events/s',
    );
    expect(formatProgress({ phase: 'importing', linesRead: 30_000, imported: 5_000, skipped: 25_000 }, 0)).toBe(
      'importing: 30,000 lines read, 5,000 events imported, 25,000 skipped, 0 events/s',
    );
  });

  it('on a terminal the line is redrawn in place at most every 200 ms and erased at the end', () => {
    const written: string[] = [];
    let now = 1_000;
    const line = createProgressLine({ isTTY: true, write: (text) => written.push(text) }, () => now);
    const at = (ms: number, imported: number) => {
      now = 1_000 + ms;
      line.update({ phase: 'importing', linesRead: imported, imported, skipped: 0 });
    };
    at(0, 0);
    at(150, 1_500);
    at(199, 1_990);
    at(200, 2_000);
    at(350, 3_500);
    at(400, 4_000);
    line.clear();
    expect(written).toEqual([
      '\r\x1b[2Kimporting: 0 lines read, 0 events imported, 0 events/s',
      '\r\x1b[2Kimporting: 2,000 lines read, 2,000 events imported, 10,000 events/s',
      '\r\x1b[2Kimporting: 4,000 lines read, 4,000 events imported, 10,000 events/s',
      '\r\x1b[2K',
    ]);
  });

  it('when stderr is not a terminal nothing is drawn', () => {
    const written: string[] = [];
    const line = createProgressLine({ isTTY: false, write: (text) => written.push(text) });
    line.update({ phase: 'validating', linesRead: 10, imported: 0, skipped: 0 });
    line.clear();
    expect(written).toEqual([]);
  });
});
