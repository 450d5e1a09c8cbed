import { findBoundTenantId, findTenantScope, runInTenantScope } from '../context/tenant-context.js';
import { createHttpError, NuvatraError } from '../errors/errors.js';
import type { RoutingReads, StorageDriver } from './driver.js';
import { type StoragePlugin, toStorageExtensions } from './extension.js';
import {
  type GlobalPromptRepository,
  globalPromptRepository,
  type SharedNumbersRepository,
  sharedNumbersRepository,
} from './repositories/global.js';
import { type TenantsRepository, tenantsRepository } from './repositories/tenants.js';
import { type UnroutedEventsRepository, unroutedEventsRepository } from './repositories/unrouted.js';
import {
  type GlobalReceiptsRepository,
  globalReceiptsRepository,
  type UsersRepository,
  usersRepository,
} from './repositories/users.js';
import { createTenantScope, type TenantScope } from './scope.js';

export interface Storage {
  /** The driver's name, e.g. `sqlite (shared file)`. */
  readonly driverName: string;
  /**
   * Runs pending migrations once: core's, then those of each plugin that brings tables (`plugin.storage`), whose
   * models `scope.model(name)` then reaches. Safe to call again, and from several processes at once.
   */
  migrate(options?: { plugins?: readonly StoragePlugin[] }): Promise<void>;
  /** Whether `migrate` has run for this plugin's tables in this process. */
  hasPluginStorage(pluginName: string): boolean;
  readonly tenants: TenantsRepository;
  readonly sharedNumbers: SharedNumbersRepository;
  readonly globalPrompt: GlobalPromptRepository;
  /** Calls and messages refused for want of a tenant, for global admins to review. */
  readonly unrouted: UnroutedEventsRepository;
  /** Users as the auth provider knows them (synced from its webhooks). */
  readonly users: UsersRepository;
  /** Provider events that belong to no tenant yet, recorded once. */
  readonly globalReceipts: GlobalReceiptsRepository;
  /** Cross-tenant reads for resolution; they answer tenant ids only. */
  readonly routing: RoutingReads;
  /**
   * Runs `fn` inside one transaction of tenant `tenantId`, with the tenant's scope as argument and as the
   * current context (`currentTenantScope()`). If `fn` throws, nothing it wrote is kept. Inside a scope of the
   * same tenant it joins that scope; inside another tenant's it throws TENANT_SCOPE_NESTED.
   */
  withTenant<T>(tenantId: string, fn: (scope: TenantScope) => Promise<T> | T): Promise<T>;
  /**
   * For caches of what every call reads: a value that changes whenever the tenants or, with `tenantId`, that
   * tenant's voice profile (configuration, intents, prompts) may have changed, in this process or another. null
   * when the adapter cannot tell: then nothing may be cached.
   */
  readVersion(tenantId?: string): number | null;
  close(): Promise<void>;
}

const tenantIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

export interface CreateStorageOptions {
  /** The clock for createdAt / updatedAt; tests pin it. */
  now?: () => Date;
}

/** Builds the storage port over an adapter's driver; every adapter's `create*Storage` returns this. */
export function createStorage(driver: StorageDriver, options: CreateStorageOptions = {}): Storage {
  const clock = options.now ?? (() => new Date());
  const now = () => clock().toISOString();
  const tenants = tenantsRepository(driver, now);
  const pluginModels = new Set<string>();
  const migratedPlugins = new Set<string>();

  async function migrate(options: { plugins?: readonly StoragePlugin[] } = {}) {
    const extensions = toStorageExtensions(options.plugins ?? []);
    for (const extension of extensions) {
      if (Object.keys(extension.models).length > 0 && !extension.migrations[driver.dialect]?.length) {
        throw new NuvatraError({
          code: 'CONFIG_INVALID',
          message: `Plugin "${extension.name}" brings models but no ${driver.dialect} migrations to create them.`,
        });
      }
    }
    await driver.migrate(extensions);
    for (const extension of extensions) {
      migratedPlugins.add(extension.name);
      for (const name of Object.keys(extension.models)) pluginModels.add(name);
    }
  }

  async function withTenant<T>(tenantId: string, fn: (scope: TenantScope) => Promise<T> | T): Promise<T> {
    const outer = findTenantScope();
    if (outer) {
      if (outer.tenantId === tenantId) return fn(outer);
      throw createHttpError(
        'TENANT_SCOPE_NESTED',
        `withTenant("${tenantId}") was called inside the scope of tenant "${outer.tenantId}"; finish one before starting another.`,
      );
    }
    const bound = findBoundTenantId();
    if (bound !== undefined && bound !== tenantId) {
      throw createHttpError(
        'TENANT_SCOPE_NESTED',
        `withTenant("${tenantId}") was called by a job of tenant "${bound}"; a job reaches its own tenant only.`,
      );
    }
    // The same rule as idSchema, without a schema run on every transaction.
    if (typeof tenantId !== 'string' || !tenantIdPattern.test(tenantId)) {
      throw createHttpError('VALIDATION_FAILED', 'withTenant needs a tenant id: 1-64 letters, digits, "_" or "-".');
    }
    const tenant = await tenants.get(tenantId);
    if (!tenant) throw createHttpError('TENANT_NOT_FOUND', `No tenant with id "${tenantId}".`);
    let open = true;
    const isOpen = () => open;
    try {
      return await driver.withTenant(tenantId, async (session) => {
        const scope = createTenantScope(
          { tenantId, session, routing: driver.routing, now },
          tenant,
          isOpen,
          pluginModels,
        );
        try {
          return await runInTenantScope(scope, async () => fn(scope), isOpen);
        } finally {
          // Closed before the driver commits, so nothing left running can write into the finished transaction.
          open = false;
        }
      });
    } finally {
      open = false;
    }
  }

  return {
    driverName: driver.name,
    migrate,
    hasPluginStorage: (name) => migratedPlugins.has(name),
    tenants,
    sharedNumbers: sharedNumbersRepository(driver, now),
    globalPrompt: globalPromptRepository(driver, now),
    unrouted: unroutedEventsRepository(driver, now),
    users: usersRepository(driver, now),
    globalReceipts: globalReceiptsRepository(driver, now),
    routing: driver.routing,
    withTenant,
    readVersion: (tenantId) => driver.readVersion?.(tenantId) ?? null,
    close: () => driver.close(),
  };
}
