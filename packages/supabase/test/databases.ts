import pg from 'pg';
import { createDatabase as createPlainDatabase, databaseUrl, onServer } from '../../../test-support/postgres.js';

// Test-only: fresh, uniquely named databases on the local PostgreSQL server (test-support/postgres.ts), made to look
// like a Supabase project's database (there is no Supabase here), dropped after the test file.
export { databaseUrl, onServer, uniquePrefix } from '../../../test-support/postgres.js';

/**
 * What a Supabase project's database has that this package relies on, and nothing more:
 * - the roles PostgREST switches to, as supabase/realtime's dev/postgres/00-setup.sql creates them
 *   (`create role anon nologin noinherit; create role authenticated nologin noinherit;`); roles are cluster-wide,
 *   so a concurrent creation by another test file is not an error;
 * - Supabase's default privileges on `public` (same file): every table and function created there is granted to
 *   anon and authenticated, which is why the package revokes before it grants;
 * - `auth.jwt()` exactly as Supabase Auth defines it, in supabase/auth's
 *   migrations/20220531120530_add_auth_jwt_function.up.sql: the claims PostgREST set, as jsonb.
 */
const supabaseSetup = `
DO $$ BEGIN
  BEGIN CREATE ROLE anon NOLOGIN NOINHERIT; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
  BEGIN CREATE ROLE authenticated NOLOGIN NOINHERIT; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
END $$;
GRANT USAGE ON SCHEMA public TO anon, authenticated;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated;
CREATE SCHEMA auth;
GRANT USAGE ON SCHEMA auth TO anon, authenticated;
create or replace function auth.jwt()
returns jsonb
language sql stable
as $fn$
  select
    coalesce(
        nullif(current_setting('request.jwt.claim', true), ''),
        nullif(current_setting('request.jwt.claims', true), '')
    )::jsonb
$fn$;`;

/** Creates database `name` (holding a prefix of `uniquePrefix`), plain or, by default, Supabase-like. */
export async function createDatabase(name: string, kind: 'supabase' | 'plain' = 'supabase'): Promise<string> {
  await createPlainDatabase(name);
  if (kind === 'supabase') await onServer(supabaseSetup, [], name);
  return name;
}

/**
 * Runs `sql` as PostgREST does for a request: in a transaction, as `role`, with the verified token's claims in
 * `request.jwt.claims` (transaction-local). `claims: null` sets none (a request without a token).
 */
export async function asPostgrest<T extends pg.QueryResultRow = pg.QueryResultRow>(
  database: string,
  request: { role: 'authenticated' | 'anon'; claims: object | null },
  sql: string,
  params: unknown[] = [],
): Promise<pg.QueryResult<T>> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    await client.query(`BEGIN; SET LOCAL ROLE ${request.role}`);
    if (request.claims) {
      await client.query("SELECT set_config('request.jwt.claims', $1, true)", [JSON.stringify(request.claims)]);
    }
    return await client.query<T>(sql, params);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}
