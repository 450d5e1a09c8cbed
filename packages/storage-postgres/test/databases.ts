import { databaseUrl } from '../../../test-support/postgres.js';
import { createPostgresStorage } from '../src/index.js';

// Test-only: the fresh databases come from test-support/postgres.ts (shared with every Postgres test in the repo).
export { createDatabase, databaseUrl, onServer, uniquePrefix } from '../../../test-support/postgres.js';

/** A storage factory per mode, each call a fresh schema (and, per tenant, a fresh database prefix) in `control`. */
export function storageModes(prefix: string, control: string) {
  let created = 0;
  return {
    'postgres (shared schema)': () =>
      createPostgresStorage({ mode: 'shared', connectionString: databaseUrl(control), schema: `s${++created}` }),
    // A small LRU so the suites also exercise closing and reopening tenant pools.
    'postgres (database per tenant)': () => {
      created += 1;
      return createPostgresStorage({
        mode: 'database-per-tenant',
        connectionString: databaseUrl(control),
        schema: `s${created}`,
        databasePrefix: `${prefix}${created}_`,
        maxOpenTenants: 8,
        maxConnections: 4,
      });
    },
  };
}
