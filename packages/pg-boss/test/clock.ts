import type { JobQueueDriver } from '@nuvatra/core';
import type { SuiteClock } from '@nuvatra/testing';
import pg from 'pg';
import { createPgBossJobQueue } from '../src/index.js';

// Test-only: the shared suites move a clock instead of sleeping, and pg-boss reads the database's `now()`. Each queue
// here gets a schema `<schema>_clock` holding a `now()` that answers the suite's time, frozen until the suite
// advances it, and its connections search that schema before pg_catalog, so every unqualified `now()` in pg-boss's
// statements and the adapter's reads it. pg-boss's tables are installed first on an ordinary connection, so their
// column defaults (creation order) keep the real clock. The adapter itself is unchanged.

export function frozenClockQueues(url: string) {
  let created = 0;
  const schemaOf = new WeakMap<JobQueueDriver, string>();

  async function onDatabase(statements: [string, unknown[]?][]) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const [text, values] of statements) await client.query(text, values);
    } finally {
      await client.end();
    }
  }

  function open(schema: string): JobQueueDriver {
    const pool = new pg.Pool({
      connectionString: url,
      max: 4,
      options: `-c search_path=${schema}_clock,pg_catalog`,
    });
    const driver = createPgBossJobQueue({ pool, schema });
    const queue: JobQueueDriver = {
      ...driver,
      async close() {
        await driver.close();
        await pool.end();
      },
    };
    schemaOf.set(queue, schema);
    return queue;
  }

  return {
    /** A fresh, migrated queue whose database clock is `clock`'s. */
    async create(clock: SuiteClock): Promise<JobQueueDriver> {
      const schema = `c${++created}`;
      const migrator = createPgBossJobQueue({ connectionString: url, schema });
      await migrator.migrate();
      await migrator.close();
      await onDatabase([
        [`CREATE SCHEMA ${schema}_clock`],
        [`CREATE TABLE ${schema}_clock.clock (at timestamptz NOT NULL)`],
        [`INSERT INTO ${schema}_clock.clock VALUES ($1)`, [clock.now()]],
        [
          `CREATE FUNCTION ${schema}_clock.now() RETURNS timestamptz LANGUAGE sql STABLE
            AS 'SELECT at FROM ${schema}_clock.clock'`,
        ],
      ]);
      return open(schema);
    },
    /** Another node on the same queue and clock. */
    peer: async (driver: JobQueueDriver) => open(schemaOf.get(driver) as string),
    /** Moves the queue's database clock as the suite moved its own. */
    advance: (driver: JobQueueDriver, ms: number) =>
      onDatabase([[`UPDATE ${schemaOf.get(driver)}_clock.clock SET at = at + $1 * interval '1 millisecond'`, [ms]]]),
  };
}
