import { createHttpError } from '../../errors/errors.js';
import { parseOrThrow } from '../../errors/zod.js';
import type { Page, PageRequest } from '../../schemas/common.js';
import { pageRequestSchema } from '../../schemas/common.js';
import { createTenantInputSchema, type Tenant, tenantSchema, updateTenantInputSchema } from '../../schemas/tenant.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { DriverSession, Row, StorageDriver } from '../driver.js';
import { rowParser } from '../entity.js';
import { createId } from '../ids.js';
import { type GlobalModelName, models, type TenantModelName } from '../models.js';

type Session = DriverSession<GlobalModelName>;
const fromRow = rowParser(tenantSchema, 'tenant');

async function readTenant(session: Session, id: string): Promise<Tenant | null> {
  const row = await session.findOne('tenants', [{ field: 'id', value: id }]);
  if (!row) return null;
  const externalRows = await session.findMany('tenantExternalIds', { where: [{ field: 'tenantId', value: id }] });
  const externalIds = Object.fromEntries(externalRows.map((r) => [String(r.provider), String(r.externalId)]));
  return fromRow({ ...row, externalIds });
}

async function claimExternalIds(session: Session, tenantId: string, externalIds: Record<string, string>) {
  for (const [provider, externalId] of Object.entries(externalIds)) {
    const holder = await session.findOne('tenantExternalIds', [
      { field: 'provider', value: provider },
      { field: 'externalId', value: externalId },
    ]);
    if (holder && holder.tenantId !== tenantId) {
      throw createHttpError('CONFLICT', `The ${provider} id "${externalId}" already belongs to another tenant.`);
    }
    if (!holder) await session.insert('tenantExternalIds', { provider, externalId, tenantId });
  }
}

/**
 * Tenants as last read, kept while the driver's `readVersion` stays the same (every request reads its tenant, often
 * several times). A write through this repository ends them all at once as well, so a tenant suspended here is
 * refused by the very next request. Bounded; entries are frozen, since every reader shares them.
 */
function tenantCache(driver: StorageDriver) {
  const entries = new Map<string, Tenant>();
  let version: number | null = null;
  let generation = 0;
  return {
    async get(id: string, load: () => Promise<Tenant | null>): Promise<Tenant | null> {
      const current = driver.readVersion?.() ?? null;
      if (current === null) return load();
      if (current !== version) {
        version = current;
        generation += 1;
        entries.clear();
      }
      const cached = entries.get(id);
      if (cached) return cached;
      const started = generation;
      const tenant = await load();
      // A write that ended while this read ran may have changed the tenant: keep only what no write overtook.
      if (tenant && started === generation && driver.readVersion?.() === version) {
        if (entries.size >= 10_000) entries.clear();
        entries.set(id, Object.freeze({ ...tenant, externalIds: Object.freeze({ ...tenant.externalIds }) }));
      }
      return tenant;
    },
    clear() {
      generation += 1;
      entries.clear();
    },
  };
}

/** The tenant registry. It belongs to no tenant: only global admins and resolution should reach it. */
export function tenantsRepository(driver: StorageDriver, now: () => string) {
  const cache = tenantCache(driver);
  /** Runs a write to tenant rows; cached tenants are dropped before it starts and after it ends. */
  const writing = async <T>(work: () => Promise<T>): Promise<T> => {
    cache.clear();
    try {
      return await work();
    } finally {
      cache.clear();
    }
  };
  return {
    async create(input: unknown): Promise<Tenant> {
      const values = parseOrThrow(createTenantInputSchema, input, 'tenant');
      const timestamp = now();
      const tenant: Tenant = {
        ...values,
        id: values.id ?? createId('ten'),
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      return writing(() =>
        driver.transaction(async (session) => {
          if (await session.findOne('tenants', [{ field: 'slug', value: tenant.slug }])) {
            throw createHttpError('CONFLICT', `The slug "${tenant.slug}" is taken; choose another.`);
          }
          if (await session.findOne('tenants', [{ field: 'id', value: tenant.id }])) {
            throw createHttpError('CONFLICT', `A tenant with id "${tenant.id}" already exists.`);
          }
          const { externalIds, ...row } = tenant;
          await session.insert('tenants', row as Row);
          await claimExternalIds(session, tenant.id, externalIds);
          // Inside the transaction: a tenant whose storage cannot be prepared is not created.
          await driver.provisionTenant(tenant.id);
          return tenant;
        }),
      );
    },
    get(id: string): Promise<Tenant | null> {
      if (typeof id !== 'string' || id.length === 0 || id.length > 255) return Promise.resolve(null);
      const read = (session: Session) => readTenant(session, id);
      return cache.get(id, () => (driver.read ? driver.read(read) : driver.transaction(read)));
    },
    async list(page?: PageRequest): Promise<Page<Tenant>> {
      const { limit, cursor } = parseOrThrow(pageRequestSchema, page ?? {}, 'page request');
      return driver.transaction(async (session) => {
        const rows = await session.findMany('tenants', {
          orderBy: [
            { field: 'createdAt', direction: 'desc' },
            { field: 'id', direction: 'desc' },
          ],
          limit: limit + 1,
          ...(cursor ? { after: decodeCursor(cursor) } : {}),
        });
        const items: Tenant[] = [];
        for (const row of rows.slice(0, limit)) {
          const tenant = await readTenant(session, String(row.id));
          if (tenant) items.push(tenant);
        }
        const last = items.at(-1);
        return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
      });
    },
    async update(id: string, patch: unknown): Promise<Tenant> {
      const changes = parseOrThrow(updateTenantInputSchema, patch, 'tenant update');
      return writing(() =>
        driver.transaction(async (session) => {
          const current = await readTenant(session, id);
          if (!current) throw createHttpError('TENANT_NOT_FOUND', `No tenant with id "${id}".`);
          const next = parseOrThrow(tenantSchema, { ...current, ...changes, updatedAt: now() }, 'tenant');
          const { externalIds, id: _id, ...row } = next;
          await session.update('tenants', [{ field: 'id', value: id }], row as Row);
          if (changes.externalIds) {
            await session.delete('tenantExternalIds', [{ field: 'tenantId', value: id }]);
            await claimExternalIds(session, id, externalIds);
          }
          return next;
        }),
      );
    },
    /**
     * Deletes a tenant that owns nothing: it undoes a creation whose set-up failed (the admin API creates a
     * tenant, then its config and number in the tenant's own transaction). A tenant that owns any row is
     * refused with CONFLICT; suspend it instead.
     */
    async discard(id: string): Promise<void> {
      const tenantModels = (Object.keys(models) as Array<keyof typeof models>).filter(
        (name): name is TenantModelName => models[name].tenantOwned,
      );
      const owned = await driver.withTenant(id, async (session) => {
        for (const name of tenantModels) if ((await session.count(name)) > 0) return name;
        return null;
      });
      if (owned) {
        throw createHttpError('CONFLICT', `Tenant "${id}" owns ${models[owned].table} rows; suspend it instead.`);
      }
      await writing(() =>
        driver.transaction(async (session) => {
          await session.delete('tenantExternalIds', [{ field: 'tenantId', value: id }]);
          if ((await session.delete('tenants', [{ field: 'id', value: id }])) === 0) {
            throw createHttpError('TENANT_NOT_FOUND', `No tenant with id "${id}".`);
          }
        }),
      );
    },
  };
}
export type TenantsRepository = ReturnType<typeof tenantsRepository>;
