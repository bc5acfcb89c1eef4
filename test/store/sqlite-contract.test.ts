import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { describeEventStoreContract } from '../../src/testing/store-contract.js';

describeEventStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'caseline-sqlite-contract-'));
  const store = await openSqliteStore(join(dir, 'store.db'));
  return { store, cleanup: () => rm(dir, { recursive: true, force: true }) };
});
