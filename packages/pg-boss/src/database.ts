import type { Pool, PoolClient, QueryResult, QueryResultRow } from 'pg';
import type PgBoss from 'pg-boss';

/** Where the adapter's statements go: the pool, or one open transaction. */
export interface Executor {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/** pg-boss's executor interface (`{ db }` in its options) over ours, so its statements join our transaction. */
export function toBossDb(executor: Executor): PgBoss.Db {
  // pg-boss passes `undefined` for statement lists it sends as one multi-statement string (its migrations).
  return { executeSql: (text, values) => executor.query(text, values) };
}

/** Runs `work` in one transaction on a connection of `pool`; a failure rolls everything back. */
export async function inTransaction<T>(pool: Pool, work: (transaction: Executor) => Promise<T>): Promise<T> {
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  try {
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    // A connection that cannot even roll back is broken: destroy it rather than pool it.
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: Error) => client.release(rollbackError),
    );
    throw error;
  }
}

/** pg-boss ids are UUIDs; any other id names no job (and must not reach a `uuid` comparison, which would throw). */
export function isJobId(id: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}

/** Quotes a name already checked to be a plain lowercase SQL name. */
export const ident = (name: string) => `"${name}"`;
