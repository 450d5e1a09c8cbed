import { NuvatraError } from '@nuvatra/core';
import type { Pool, PoolClient, QueryResult } from 'pg';
import { ident, literal, TENANT_SETTING } from './sql.js';
import { queryTypes } from './values.js';

/** Where a session's statements go: a pool (one statement, no transaction) or an open transaction. */
export interface Runner {
  query(text: string, params?: readonly unknown[]): Promise<QueryResult>;
  /** Runs one statement so that its failure leaves the surrounding transaction usable (a savepoint). */
  guarded(text: string, params?: readonly unknown[]): Promise<QueryResult>;
}

export interface Transaction extends Runner {
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

const run = (client: Pool | PoolClient, text: string, params?: readonly unknown[]) =>
  client.query({ text, values: params ? [...params] : [], types: queryTypes });

const abortedCommit = () =>
  new NuvatraError({
    code: 'STORAGE_FAILED',
    message:
      'The transaction was rolled back, not committed: a statement in it failed earlier and its error was caught. On PostgreSQL a failed statement aborts the transaction; let the error end the scope.',
  });

export function poolRunner(pool: Pool): Runner {
  return { query: (text, params) => run(pool, text, params), guarded: (text, params) => run(pool, text, params) };
}

/**
 * The statements that open every transaction, sent as one round trip: the app role (no BYPASSRLS, owns nothing)
 * and the tenant, both transaction-local, so a pooled connection (or PgBouncer in transaction mode) never carries
 * either into the next transaction. A global transaction sets the tenant to '' (matching no row) in case a
 * session-level value was left on the connection by someone else.
 */
export function transactionSetup(appRole: string, tenantId: string | null): string {
  return `BEGIN; SET LOCAL ROLE ${ident(appRole)}; SELECT set_config('${TENANT_SETTING}', ${literal(tenantId ?? '')}, true)`;
}

/**
 * Opens a transaction on a connection of `pool`. pg allows one statement at a time per connection, while a
 * scope may await several at once (Promise.all): statements queue here, in order.
 */
export async function beginTransaction(pool: Pool, setup: string): Promise<Transaction> {
  const client = await pool.connect();
  try {
    await client.query(setup);
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
  let tail: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.release(error);
  };
  return {
    query: (text, params) => enqueue(() => run(client, text, params)),
    guarded: (text, params) =>
      enqueue(async () => {
        await client.query('SAVEPOINT nuvatra_statement');
        try {
          const result = await run(client, text, params);
          await client.query('RELEASE SAVEPOINT nuvatra_statement');
          return result;
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT nuvatra_statement');
          throw error;
        }
      }),
    commit: () =>
      enqueue(async () => {
        try {
          const result = await client.query('COMMIT');
          release();
          // PostgreSQL answers COMMIT of a transaction aborted by a failed statement with a silent ROLLBACK.
          if (result.command === 'ROLLBACK') throw abortedCommit();
        } catch (error) {
          if (released) throw error;
          release(error as Error);
          throw error;
        }
      }),
    rollback: () =>
      enqueue(async () => {
        if (released) return;
        try {
          await client.query('ROLLBACK');
          release();
        } catch (error) {
          // A connection that cannot roll back is destroyed rather than handed to the next request.
          release(error as Error);
        }
      }),
  };
}
