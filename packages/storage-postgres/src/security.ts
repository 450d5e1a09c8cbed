import { type ModelDefinition, NuvatraError } from '@nuvatra/core';
import type { ClientBase } from 'pg';
import { ident, literal, TENANT_MATCHES } from './sql.js';

export interface RoleNames {
  schema: string;
  appRole: string;
  routingRole: string;
}

/** The routing functions (SECURITY DEFINER, owned by the routing role) and the columns each may read. */
const routingFunctions = [
  { name: 'nuvatra_tenant_id_by_number', args: 'text, text', table: 'phone_numbers', columns: 'tenant_id, e164, kind' },
  { name: 'nuvatra_tenant_ids_for_user', args: 'text', table: 'tenant_members', columns: 'tenant_id, user_id' },
] as const;

/**
 * Creates the app and routing roles when missing (NOLOGIN: production logs in as a member, see the README). Roles
 * are cluster-wide while migration locks are per database, so a concurrent creation elsewhere is not an error.
 */
export function ensureRolesSql({ appRole, routingRole }: RoleNames): string {
  const create = (role: string) => `
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(role)}) THEN
    BEGIN
      CREATE ROLE ${ident(role)} NOLOGIN NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
  END IF;`;
  // The migrating role hands the routing functions to the routing role, which needs membership (not superuser).
  return `DO $$ BEGIN${create(appRole)}${create(routingRole)}
  IF NOT pg_has_role(current_user, ${literal(routingRole)}, 'MEMBER') THEN
    EXECUTE format('GRANT %I TO %I', ${literal(routingRole)}, current_user);
  END IF;
END $$;`;
}

/** Refuses an app role that could see past the policies: a superuser, BYPASSRLS, or a member of the routing role. */
export async function checkAppRole(client: ClientBase, { appRole, routingRole }: RoleNames): Promise<void> {
  const { rows } = await client.query<{ rolsuper: boolean; rolbypassrls: boolean; routing: boolean }>(
    `SELECT rolsuper, rolbypassrls, pg_has_role($1, $2, 'MEMBER') AS routing FROM pg_roles WHERE rolname = $1`,
    [appRole, routingRole],
  );
  const role = rows[0];
  if (role && !role.rolsuper && !role.rolbypassrls && !role.routing) return;
  throw new NuvatraError({
    code: 'CONFIG_INVALID',
    message: `The app role "${appRole}" must exist, must not be a superuser, must not have BYPASSRLS and must not be a member of "${routingRole}": row-level security would not hold. Use another appRole or ALTER ROLE ${appRole} NOBYPASSRLS.`,
  });
}

/**
 * Grants, row-level security and policies for the tables of `tableModels` that exist in `schema`: core's and
 * plugins' alike, so a plugin's table is as closed as core's. Idempotent; runs under the migration lock.
 */
export async function secureTables(
  client: ClientBase,
  names: RoleNames,
  tableModels: readonly ModelDefinition[],
): Promise<void> {
  const { schema, appRole, routingRole } = names;
  const s = ident(schema);
  const existing = await client.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relkind = 'r'`,
    [schema],
  );
  const policies = await client.query<{ tablename: string; policyname: string }>(
    'SELECT tablename, policyname FROM pg_policies WHERE schemaname = $1',
    [schema],
  );
  const tables = new Set(existing.rows.map((row) => row.relname));
  const hasPolicy = new Set(policies.rows.map((row) => `${row.tablename}.${row.policyname}`));
  const statements = [`GRANT USAGE ON SCHEMA ${s} TO ${ident(appRole)}, ${ident(routingRole)}`];
  for (const model of tableModels) {
    if (!tables.has(model.table)) continue;
    const table = `${s}.${ident(model.table)}`;
    statements.push(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${ident(appRole)}`);
    if (!model.tenantOwned) continue;
    statements.push(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY`);
    if (!hasPolicy.has(`${model.table}.nuvatra_tenant_isolation`)) {
      statements.push(
        `CREATE POLICY nuvatra_tenant_isolation ON ${table} AS PERMISSIVE FOR ALL TO PUBLIC USING (${TENANT_MATCHES}) WITH CHECK (${TENANT_MATCHES})`,
      );
    }
  }
  for (const fn of routingFunctions) {
    if (!tables.has(fn.table)) continue;
    const table = `${s}.${ident(fn.table)}`;
    const signature = `${s}.${fn.name}(${fn.args})`;
    statements.push(
      `GRANT SELECT (${fn.columns}) ON ${table} TO ${ident(routingRole)}`,
      `ALTER FUNCTION ${signature} OWNER TO ${ident(routingRole)}`,
      `REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`,
      `GRANT EXECUTE ON FUNCTION ${signature} TO ${ident(appRole)}`,
    );
    if (!hasPolicy.has(`${fn.table}.nuvatra_routing_reads`)) {
      statements.push(
        `CREATE POLICY nuvatra_routing_reads ON ${table} AS PERMISSIVE FOR SELECT TO ${ident(routingRole)} USING (true)`,
      );
    }
  }
  await client.query(statements.join(';\n'));
}
