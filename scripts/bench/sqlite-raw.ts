import Database from 'better-sqlite3';

// The raw read-and-parse rates of a caseline SQLite file, without the store: what a replay from
// SQLite is measured against (docs/architecture.md).

/** The raw read-and-parse rate of a caseline SQLite file: every row, JSON.parse of data and metadata, nothing else. */
export const rawRate = (file: string, until: bigint | undefined): number => {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare<[bigint], { data: string; metadata: string }>(
      'SELECT seq, id, stream, revision, type, occurred_at, recorded_at, data, metadata FROM events WHERE seq <= ? ORDER BY seq',
    );
    const start = performance.now();
    let n = 0;
    let check = 0;
    for (const row of rows.iterate(until ?? 9_223_372_036_854_775_807n)) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const metadata = JSON.parse(row.metadata) as Record<string, unknown>;
      if (data !== metadata) check++;
      n++;
    }
    if (check !== n) throw new Error('unreachable');
    return n / ((performance.now() - start) / 1000);
  } finally {
    db.close();
  }
};

/**
 * The same raw read done the fastest way better-sqlite3 offers: pages of 1,024 rows as arrays
 * (`.raw().all()`, no object per row, no iterator), JSON.parse of data and metadata. Shown next to
 * `rawRate` because the store reads this way: a ratio to it is what the store's own work costs.
 */
export const rawPagedRate = (file: string, until: bigint | undefined): number => {
  const db = new Database(file, { readonly: true });
  try {
    const page = db
      .prepare<[number, bigint, number], unknown[]>(
        'SELECT seq, id, stream, revision, type, occurred_at, recorded_at, data, metadata FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
      )
      .raw(true);
    const start = performance.now();
    let n = 0;
    let check = 0;
    const end = until ?? 9_223_372_036_854_775_807n;
    for (let last = 0; ;) {
      const rows = page.all(last, end, 1024);
      for (const row of rows) {
        const data = JSON.parse(row[7] as string) as Record<string, unknown>;
        const metadata = JSON.parse(row[8] as string) as Record<string, unknown>;
        if (data !== metadata) check++;
        n++;
        last = row[0] as number;
      }
      if (rows.length < 1024) break;
    }
    if (check !== n) throw new Error('unreachable');
    return n / ((performance.now() - start) / 1000);
  } finally {
    db.close();
  }
};
