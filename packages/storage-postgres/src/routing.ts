import type { RoutingReads } from '@nuvatra/core';
import type { Runner } from './connection.js';
import { toStorageError } from './errors.js';
import { ident, LOCK_NUMBERS } from './sql.js';

/**
 * Cross-tenant reads for resolution, answering ids only. Numbers and members sit behind row-level security, so
 * they are read through the SECURITY DEFINER functions of the migrations; the other tables are global.
 *
 * `runner(number)` is the open transaction when there is one (its view, and a transaction-long advisory lock on
 * the number, so two transactions registering the same number one as shared and one as a tenant's are
 * serialised), or the pool otherwise.
 */
export function createRoutingReads(schema: string, runner: (lockNumber?: string) => Promise<Runner>): RoutingReads {
  const s = ident(schema);
  async function read<T>(sql: string, params: unknown[], lockNumber?: string): Promise<T[]> {
    try {
      return (await (await runner(lockNumber)).query(sql, params)).rows as T[];
    } catch (error) {
      throw toStorageError(error, 'routing');
    }
  }
  return {
    async tenantIdByNumber(e164, kind) {
      const rows = await read<{ id: string | null }>(
        `SELECT ${s}.nuvatra_tenant_id_by_number($1, $2) AS id`,
        [e164, kind],
        e164,
      );
      return rows[0]?.id ?? null;
    },
    async isSharedNumber(e164) {
      return (await read(`SELECT 1 FROM ${s}.shared_numbers WHERE e164 = $1`, [e164], e164)).length > 0;
    },
    async tenantIdByExternalId(provider, externalId) {
      const sql = `SELECT tenant_id FROM ${s}.tenant_external_ids WHERE provider = $1 AND external_id = $2`;
      return (await read<{ tenant_id: string }>(sql, [provider, externalId]))[0]?.tenant_id ?? null;
    },
    async tenantIdBySlug(slug) {
      return (await read<{ id: string }>(`SELECT id FROM ${s}.tenants WHERE slug = $1`, [slug]))[0]?.id ?? null;
    },
    async tenantIdsForUser(userId) {
      const rows = await read<{ id: string }>(`SELECT id FROM ${s}.nuvatra_tenant_ids_for_user($1) AS id`, [userId]);
      return rows.map((row) => row.id);
    },
  };
}

/** Takes the number's advisory lock in the open transaction, before the read that decides a registration. */
export async function lockNumber(runner: Runner, e164: string): Promise<void> {
  await runner.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NUMBERS, `number:${e164}`]);
}
