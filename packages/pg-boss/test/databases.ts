import type { JobQueueDriver } from '@nuvatra/core';
import { afterEach } from 'vitest';
import { databaseUrl } from '../../../test-support/postgres.js';
import { createPgBossJobQueue } from '../src/index.js';

// Test-only: fresh databases come from test-support/postgres.ts (shared with every Postgres test in the repo); each
// queue gets a pg-boss schema of its own in the file's database.
export {
  createDatabase,
  databaseUrl,
  freshDatabase,
  onServer,
  uniquePrefix,
} from '../../../test-support/postgres.js';

/**
 * Queues on one database of this file, each in a schema of its own unless told: `create()` migrated, closed after
 * the test. `node(schema)` is another app node on the same queue (its own pool and pg-boss instance).
 */
export function queueFactory(database: string) {
  let schemas = 0;
  const open: JobQueueDriver[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((driver) => driver.close()));
  });
  const node = (schema: string): JobQueueDriver => {
    const driver = createPgBossJobQueue({ connectionString: databaseUrl(database), schema, maxConnections: 4 });
    open.push(driver);
    return driver;
  };
  return {
    node,
    newSchema: () => `q${++schemas}`,
    async create(): Promise<{ driver: JobQueueDriver; schema: string }> {
      const schema = `q${++schemas}`;
      const driver = node(schema);
      await driver.migrate();
      return { driver, schema };
    },
  };
}
