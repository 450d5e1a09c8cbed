import type { DashboardCommand } from './options.js';
import { ident, literal } from './sql.js';

export interface DashboardNames {
  schema: string;
  appRole: string;
  routingRole: string;
  supabaseSchema: string;
  authenticatedRole: string;
  anonRole: string;
}

export interface DashboardPlan extends DashboardNames {
  /** The claim path of the tenant id, e.g. ['public_metadata', 'tenant_id']. */
  tenantClaim: readonly string[];
  organizationProvider: string;
  commands: readonly DashboardCommand[];
  /** Every table Nuvatra created in `schema` (core's, plugins', the ledger): none keeps Supabase's default grants. */
  nuvatraTables: readonly string[];
  /** The tenant-owned tables the dashboard may reach. */
  dashboardTables: readonly string[];
  /** Every policy on `schema`'s tables now, `table.policy`, so only missing ones are created. */
  existingPolicies: ReadonlySet<string>;
}

/** The policy names, one per command, plus the restrictive one that every authenticated statement must pass. */
const policyName = (command: DashboardCommand) => `nuvatra_supabase_${command}`;
const RESTRICTIVE = 'nuvatra_supabase_jwt_tenant';

/**
 * The two functions. `jwt_tenant_id()` reads the verified claims (Supabase's `auth.jwt()`), as core's
 * principalClaimResolver reads them: the tenant claim when present (a non-string value names nothing), else the
 * active organisation, `org_id` (session token v1) or `o.id` (v2). `active_tenant_id` is the one SECURITY DEFINER
 * function this package adds: owned by the routing role, fixed search_path, it answers the id of an active tenant
 * (the claimed one, or the organisation's) and nothing else, so a dashboard user never reads the registry.
 */
export function functionsSql(plan: DashboardPlan): string {
  const s = ident(plan.schema);
  const f = ident(plan.supabaseSchema);
  const path = `'{${plan.tenantClaim.join(',')}}'`;
  return `
CREATE SCHEMA IF NOT EXISTS ${f};
CREATE OR REPLACE FUNCTION ${f}.active_tenant_id(p_tenant_id text, p_organization_id text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT t.id FROM ${s}.tenants t WHERE t.status = 'active' AND t.id = coalesce(p_tenant_id,
    (SELECT e.tenant_id FROM ${s}.tenant_external_ids e
     WHERE e.provider = ${literal(plan.organizationProvider)} AND e.external_id = p_organization_id)) $$;
CREATE OR REPLACE FUNCTION ${f}.jwt_tenant_id() RETURNS text
  LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
  AS $$ SELECT CASE
    WHEN coalesce(jsonb_typeof(claims #> ${path}), 'null') <> 'null' THEN
      CASE WHEN jsonb_typeof(claims #> ${path}) = 'string' THEN ${f}.active_tenant_id(claims #>> ${path}, NULL) END
    ELSE ${f}.active_tenant_id(NULL, CASE
      WHEN jsonb_typeof(claims -> 'org_id') = 'string' THEN claims ->> 'org_id'
      WHEN jsonb_typeof(claims #> '{o,id}') = 'string' THEN claims #>> '{o,id}' END)
  END FROM (SELECT auth.jwt() AS claims) AS token $$;
ALTER FUNCTION ${f}.active_tenant_id(text, text) OWNER TO ${ident(plan.routingRole)};
REVOKE ALL ON SCHEMA ${f} FROM PUBLIC;
REVOKE ALL ON FUNCTION ${f}.active_tenant_id(text, text), ${f}.jwt_tenant_id() FROM PUBLIC, ${ident(plan.anonRole)};
GRANT USAGE ON SCHEMA ${f} TO ${ident(plan.authenticatedRole)};
GRANT EXECUTE ON FUNCTION ${f}.active_tenant_id(text, text), ${f}.jwt_tenant_id() TO ${ident(plan.authenticatedRole)};
GRANT SELECT (id, status) ON ${s}.tenants TO ${ident(plan.routingRole)};
GRANT SELECT (provider, external_id, tenant_id) ON ${s}.tenant_external_ids TO ${ident(plan.routingRole)}`;
}

/**
 * Grants and policies for the dashboard's role. Supabase grants `anon` and `authenticated` everything on new
 * tables in `public` (default privileges), so every Nuvatra table and routing function is first closed to both,
 * then `authenticated` gets the configured commands on the dashboard's tables and SELECT on `tenants`.
 */
export function grantsSql(plan: DashboardPlan): string[] {
  const s = ident(plan.schema);
  const f = ident(plan.supabaseSchema);
  const supabaseRoles = `${ident(plan.anonRole)}, ${ident(plan.authenticatedRole)}`;
  const authenticated = ident(plan.authenticatedRole);
  const matches = `tenant_id = (SELECT ${f}.jwt_tenant_id())`;
  const statements = [
    `GRANT USAGE ON SCHEMA ${s} TO ${authenticated}`,
    `REVOKE ALL ON FUNCTION ${s}.nuvatra_tenant_id_by_number(text, text), ${s}.nuvatra_tenant_ids_for_user(text) FROM ${supabaseRoles}`,
  ];
  for (const table of plan.nuvatraTables) statements.push(`REVOKE ALL ON ${s}.${ident(table)} FROM ${supabaseRoles}`);

  const tenants = `${s}.tenants`;
  const missing = (table: string, name: string) => !plan.existingPolicies.has(`${table}.${name}`);
  // The registry had no RLS: the app role reads every tenant, the routing role (active_tenant_id) id and status.
  statements.push(`ALTER TABLE ${tenants} ENABLE ROW LEVEL SECURITY`, `GRANT SELECT ON ${tenants} TO ${authenticated}`);
  const tenantsPolicies: [string, string][] = [
    ['nuvatra_supabase_app', `FOR ALL TO ${ident(plan.appRole)} USING (true) WITH CHECK (true)`],
    ['nuvatra_supabase_routing', `FOR SELECT TO ${ident(plan.routingRole)} USING (true)`],
    ['nuvatra_supabase_select', `FOR SELECT TO ${authenticated} USING (id = (SELECT ${f}.jwt_tenant_id()))`],
  ];
  for (const [name, body] of tenantsPolicies) {
    if (missing('tenants', name)) statements.push(`CREATE POLICY ${name} ON ${tenants} AS PERMISSIVE ${body}`);
  }

  for (const name of plan.dashboardTables) {
    const table = `${s}.${ident(name)}`;
    statements.push(`GRANT ${plan.commands.map((c) => c.toUpperCase()).join(', ')} ON ${table} TO ${authenticated}`);
    // Restrictive: storage-postgres's own policy is for PUBLIC, so it would also let an authenticated statement
    // through if `nuvatra.tenant_id` were ever set; this one makes the token's tenant necessary in every case.
    if (missing(name, RESTRICTIVE)) {
      statements.push(
        `CREATE POLICY ${RESTRICTIVE} ON ${table} AS RESTRICTIVE FOR ALL TO ${authenticated} USING (${matches}) WITH CHECK (${matches})`,
      );
    }
    for (const command of ['select', 'insert', 'update', 'delete'] as const) {
      const wanted = plan.commands.includes(command);
      if (!wanted) {
        statements.push(`DROP POLICY IF EXISTS ${policyName(command)} ON ${table}`);
        continue;
      }
      if (!missing(name, policyName(command))) continue;
      const clauses =
        command === 'insert'
          ? `WITH CHECK (${matches})`
          : command === 'update'
            ? `USING (${matches}) WITH CHECK (${matches})`
            : `USING (${matches})`;
      statements.push(
        `CREATE POLICY ${policyName(command)} ON ${table} AS PERMISSIVE FOR ${command.toUpperCase()} TO ${authenticated} ${clauses}`,
      );
    }
  }
  return statements;
}
