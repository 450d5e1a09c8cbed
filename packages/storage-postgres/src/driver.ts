import { AsyncLocalStorage } from 'node:async_hooks';
import {
  createHttpError,
  type ModelDefinition,
  models,
  type StorageDriver,
  type StorageExtension,
} from '@nuvatra/core';
import type { PoolConfig } from 'pg';
import { beginTransaction, poolRunner, type Runner, type Transaction, transactionSetup } from './connection.js';
import { createPool, createTenantDatabases, forDatabase, withClient } from './databases.js';
import { migrateDatabase, pluginMigrationSet } from './migrate.js';
import { controlMigrations, tenantMigrations } from './migrations.js';
import { type PostgresStorageOptions, parsePostgresStorageOptions } from './options.js';
import { createRoutingReads, lockNumber } from './routing.js';
import { createPostgresSession } from './session.js';

interface OpenTransaction {
  tenantId: string | null;
  /** The transaction on the control tables: the only one in shared mode; opened on first use per tenant. */
  control(): Promise<Transaction>;
  /** The transaction in the tenant's own database (database-per-tenant mode only). */
  tenant: Transaction | null;
  /** Set when the transaction commits or rolls back. */
  finished: boolean;
}

const coreModels = Object.values(models) as ModelDefinition[];

/** The node-postgres driver behind `createPostgresStorage`; exported for adapters that wrap it. */
export function createPostgresDriver(input: PostgresStorageOptions): StorageDriver {
  const options = parsePostgresStorageOptions(input);
  const perTenant = options.mode === 'database-per-tenant';
  const names = { schema: options.schema, appRole: options.appRole, routingRole: options.routingRole };
  const appConfig: PoolConfig = options.pool
    ? options.pool.options
    : { connectionString: options.connectionString, max: options.maxConnections };
  const ownerConfig: PoolConfig = options.ownerConnectionString
    ? { connectionString: options.ownerConnectionString }
    : appConfig;
  if (perTenant) forDatabase(appConfig, 'checked');
  const active = new AsyncLocalStorage<OpenTransaction>();

  // Plugins' tables: registered by migrate; with a database per tenant, created in each as it opens.
  let extensions: readonly StorageExtension[] = [];
  const extensionModels = new Map<string, ModelDefinition>();
  const modelOf = (name: string) => extensionModels.get(name);
  const pluginSets = () => extensions.map(pluginMigrationSet);
  const tenantDatabases =
    options.mode === 'database-per-tenant'
      ? createTenantDatabases({
          prefix: options.databasePrefix,
          maxOpenTenants: options.maxOpenTenants,
          maxConnectionsPerTenant: options.maxConnectionsPerTenant,
          appConfig,
          ownerConfig,
          migrate: async (client) => {
            const tables = [...coreModels.filter((m) => m.placement === 'tenant'), ...extensionModels.values()];
            await migrateDatabase(
              client,
              names,
              [{ set: 'tenant', migrations: tenantMigrations }, ...pluginSets()],
              tables,
            );
          },
        })
      : null;
  const control = options.pool ?? createPool(appConfig);

  /**
   * The transaction the calling code runs in. Work scheduled inside a transaction (a timer, an unawaited promise)
   * keeps its async context after the transaction ends; it must start its own, not join a finished one.
   */
  function activeTransaction(): OpenTransaction | undefined {
    const current = active.getStore();
    return current && !current.finished ? current : undefined;
  }

  async function inTransaction<T>(tenantId: string | null, work: (open: OpenTransaction) => Promise<T>): Promise<T> {
    const setup = transactionSetup(options.appRole, tenantId);
    const opened: Transaction[] = [];
    let control_: Promise<Transaction> | undefined;
    const open: OpenTransaction = {
      tenantId,
      tenant: null,
      finished: false,
      control() {
        control_ ??= beginTransaction(control, setup).then((transaction) => {
          opened.push(transaction);
          return transaction;
        });
        return control_;
      },
    };
    try {
      if (tenantDatabases && tenantId !== null) {
        open.tenant = await beginTransaction(await tenantDatabases.pool(tenantId), setup);
        opened.push(open.tenant);
      } else await open.control();
      const result = await active.run(open, () => work(open));
      open.finished = true;
      await control_;
      // Tenant database first, then control: without two-phase commit a crash between the two keeps one half.
      for (const transaction of opened) await transaction.commit();
      return result;
    } catch (error) {
      open.finished = true;
      await control_?.catch(() => undefined);
      await Promise.all(opened.map((transaction) => transaction.rollback()));
      throw error;
    }
  }

  const globalSession = (runner: () => Promise<Runner>) =>
    createPostgresSession({ tenantId: null, schema: options.schema, runnerFor: runner, modelOf });

  const routing = createRoutingReads(options.schema, async (number) => {
    const current = activeTransaction();
    if (!current) return poolRunner(control);
    const runner = await current.control();
    if (number) await lockNumber(runner, number);
    return runner;
  });

  return {
    name: perTenant ? 'postgres (database per tenant)' : 'postgres (shared schema)',
    dialect: 'postgres',
    routing,
    async migrate(pluginExtensions) {
      extensions = [...extensions.filter((e) => !pluginExtensions.some((p) => p.name === e.name)), ...pluginExtensions];
      for (const extension of pluginExtensions) {
        for (const [name, model] of Object.entries(extension.models)) extensionModels.set(name, model);
      }
      const control = { set: 'control', migrations: controlMigrations };
      if (tenantDatabases) {
        const tables = coreModels.filter((m) => m.placement === 'control');
        await withClient(ownerConfig, (client) => migrateDatabase(client, names, [control], tables));
        await tenantDatabases.prepareTemplate();
        await tenantDatabases.remigrate();
      } else {
        const sets = [control, { set: 'tenant', migrations: tenantMigrations }, ...pluginSets()];
        const tables = [...coreModels, ...extensionModels.values()];
        await withClient(ownerConfig, (client) => migrateDatabase(client, names, sets, tables));
      }
    },
    transaction(fn) {
      const current = activeTransaction();
      // Global work started inside an open transaction joins it (a plugin changing a tenant row and its own rows).
      if (current) return fn(globalSession(() => current.control()));
      return inTransaction(null, (open) => fn(globalSession(() => open.control())));
    },
    read(fn) {
      const current = activeTransaction();
      if (current) return fn(globalSession(() => current.control()));
      // Global tables only, one statement at a time on the pool: committed rows, no transaction to queue behind.
      const runner = poolRunner(control);
      return fn(globalSession(async () => runner));
    },
    withTenant(tenantId, fn) {
      if (activeTransaction()) {
        return Promise.reject(
          createHttpError('TENANT_SCOPE_NESTED', `withTenant("${tenantId}") was called inside an open transaction.`),
        );
      }
      return inTransaction(tenantId, (open) =>
        fn(
          createPostgresSession({
            tenantId,
            schema: options.schema,
            modelOf,
            runnerFor: async (model) => (open.tenant && model.placement === 'tenant' ? open.tenant : open.control()),
          }),
        ),
      );
    },
    async provisionTenant(tenantId) {
      await tenantDatabases?.provision(tenantId);
    },
    async close() {
      await tenantDatabases?.close();
      if (!options.pool) await control.end();
    },
  };
}
