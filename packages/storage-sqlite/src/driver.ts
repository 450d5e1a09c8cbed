import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  createHttpError,
  type ModelDefinition,
  type RoutingReads,
  type StorageDriver,
  type StorageExtension,
} from '@nuvatra/core';
import Database from 'better-sqlite3';
import { backstopCheckpointPages, type Checkpointer, startCheckpointer } from './checkpointer.js';
import { lendControlConnection } from './connection.js';
import { toStorageError } from './errors.js';
import { createSerialQueue } from './lock.js';
import { applyMigrations } from './migrate.js';
import { controlMigrations, tenantMigrations } from './migrations.js';
import { parseSqliteStorageOptions, type SqliteStorageOptions } from './options.js';
import { createSqliteSession } from './session.js';

type SchemaOf = (model: ModelDefinition) => string;
interface OpenTransaction {
  db: Database.Database;
  schemaOf: SchemaOf;
  /** Set when the transaction commits or rolls back. */
  finished: boolean;
  /** Set when it writes a tenant row: cached tenants are dropped once it ends. */
  touchesTenants?: boolean;
}

/**
 * The tables core keeps read results of between requests (`readVersion`): tenants, and what a call's voice agent is
 * built from. They change rarely; a write to one ends every cached read at once.
 */
const tenantTables = new Set([
  'tenants',
  'tenant_external_ids',
  'tenant_configs',
  'intents',
  'prompt_bundles',
  'global_prompt_bundle',
  'shared_numbers',
]);

function openDatabase(filename: string, busyTimeoutMs: number, readonly = false): Database.Database {
  const db = new Database(filename, { readonly, fileMustExist: readonly });
  if (!readonly && filename !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  if (!readonly) db.pragma('synchronous = NORMAL');
  // The checkpointer's worker copies the WAL back (and fsyncs) off the event loop; this is its backstop.
  if (!readonly && filename !== ':memory:') db.pragma(`wal_autocheckpoint = ${backstopCheckpointPages}`);
  return db;
}

/** The better-sqlite3 driver behind `createSqliteStorage`; exported for adapters that wrap it. */
export function createSqliteDriver(input: SqliteStorageOptions): StorageDriver {
  const options = parseSqliteStorageOptions(input);
  const perTenant = options.mode === 'file-per-tenant';
  const controlPath = options.mode === 'file-per-tenant' ? join(options.directory, 'control.sqlite') : options.filename;
  if (options.mode === 'file-per-tenant') mkdirSync(join(options.directory, 'tenants'), { recursive: true });
  else if (controlPath !== ':memory:') mkdirSync(dirname(controlPath), { recursive: true });

  const control = openDatabase(controlPath, options.busyTimeoutMs);
  const checkpointer: Checkpointer | null = controlPath === ':memory:' ? null : startCheckpointer();
  // Routing reads see committed rows only; an in-memory database cannot be shared, so it reads itself.
  const reader = controlPath === ':memory:' ? control : openDatabase(controlPath, options.busyTimeoutMs, true);
  const tenantDatabases = new Map<string, Database.Database>();
  const enqueue = createSerialQueue();
  const open = new AsyncLocalStorage<OpenTransaction>();
  // Plugins' tables: registered by migrate, created in every tenant file when it opens (file-per-tenant mode).
  let extensions: readonly StorageExtension[] = [];
  const extensionModels = new Map<string, ModelDefinition>();
  const modelOf = (name: string) => extensionModels.get(name);
  // readVersion: moves when another connection commits to the control file (PRAGMA data_version), or when a
  // transaction of this process that wrote a tenant row ends.
  const dataVersion = control.prepare('PRAGMA data_version').pluck();
  let lastDataVersion: unknown;
  let version = 0;
  // File per tenant: a tenant's settings live in its own file, whose commits by other processes its own connection's
  // data_version tells.
  const tenantDataVersions = new WeakMap<Database.Database, { statement: Database.Statement; last: unknown }>();
  const tenantFileMoved = (db: Database.Database): boolean => {
    let entry = tenantDataVersions.get(db);
    if (!entry) {
      entry = { statement: db.prepare('PRAGMA data_version').pluck(), last: undefined };
      tenantDataVersions.set(db, entry);
    }
    const data = entry.statement.get();
    if (data === entry.last) return false;
    entry.last = data;
    return true;
  };
  const onWrite = (table: string) => {
    if (!tenantTables.has(table)) return;
    const current = activeTransaction();
    if (current) current.touchesTenants = true;
    else version += 1;
  };
  const applyExtensions = (db: Database.Database) => {
    for (const extension of extensions)
      applyMigrations(db, `plugin:${extension.name}`, extension.migrations.sqlite ?? []);
  };
  const inMain: SchemaOf = () => 'main';
  const inTenantFile: SchemaOf = (model) => (model.placement === 'control' ? 'control' : 'main');

  function tenantDatabase(tenantId: string): Database.Database {
    const cached = tenantDatabases.get(tenantId);
    if (cached) {
      tenantDatabases.delete(tenantId);
      tenantDatabases.set(tenantId, cached);
      return cached;
    }
    if (options.mode !== 'file-per-tenant') return control;
    // Tenant ids are checked by core against [A-Za-z0-9_-]{1,64}, so they are safe as file names.
    const filename = join(options.directory, 'tenants', `${tenantId}.sqlite`);
    const db = openDatabase(filename, options.busyTimeoutMs);
    applyMigrations(db, 'tenant', tenantMigrations);
    applyExtensions(db);
    db.prepare('ATTACH DATABASE ? AS control').run(controlPath);
    tenantDatabases.set(tenantId, db);
    for (const [id, stale] of tenantDatabases) {
      if (tenantDatabases.size <= options.maxOpenTenants) break;
      checkpointer?.forget(stale.name);
      stale.close();
      tenantDatabases.delete(id);
    }
    return db;
  }

  // BEGIN and COMMIT run on every request: prepared once per connection rather than parsed by exec each time.
  const transactionStatements = new WeakMap<
    Database.Database,
    Record<'begin' | 'commit' | 'rollback', Database.Statement>
  >();
  function transactionStatementsOf(db: Database.Database) {
    let statements = transactionStatements.get(db);
    if (!statements) {
      statements = {
        begin: db.prepare('BEGIN IMMEDIATE'),
        commit: db.prepare('COMMIT'),
        rollback: db.prepare('ROLLBACK'),
      };
      transactionStatements.set(db, statements);
    }
    return statements;
  }

  async function inTransaction<T>(db: Database.Database, schemaOf: SchemaOf, work: () => Promise<T>): Promise<T> {
    const statements = transactionStatementsOf(db);
    try {
      statements.begin.run();
    } catch (error) {
      throw toStorageError(error, 'a new transaction');
    }
    const transaction: OpenTransaction = { db, schemaOf, finished: false };
    try {
      const result = await open.run(transaction, work);
      statements.commit.run();
      checkpointer?.committed(db.name);
      return result;
    } catch (error) {
      if (db.inTransaction) statements.rollback.run();
      throw error;
    } finally {
      transaction.finished = true;
      if (transaction.touchesTenants) version += 1;
    }
  }

  /**
   * The transaction the calling code runs in. Work scheduled inside a transaction (a timer, an unawaited promise)
   * keeps its async context after the transaction ends; it must start its own, not join a finished one.
   */
  function activeTransaction(): OpenTransaction | undefined {
    const current = open.getStore();
    return current && !current.finished ? current : undefined;
  }

  // Routing reads run on every call and message: their statements are prepared once.
  const routingStatements = new Map<string, Database.Statement>();
  const routingStatement = (sql: string) => {
    let statement = routingStatements.get(sql);
    if (!statement) {
      statement = reader.prepare(sql).pluck();
      routingStatements.set(sql, statement);
    }
    return statement;
  };
  const readOne = (sql: string, ...params: unknown[]) => {
    try {
      return routingStatement(sql).get(...params);
    } catch (error) {
      throw toStorageError(error, 'routing');
    }
  };
  const routing: RoutingReads = {
    async tenantIdByNumber(e164, kind) {
      return (readOne('SELECT tenant_id FROM phone_numbers WHERE e164 = ? AND kind = ?', e164, kind) as string) ?? null;
    },
    async numberRoute(e164) {
      const sql =
        "SELECT EXISTS (SELECT 1 FROM shared_numbers WHERE e164 = @e164) AS shared, (SELECT tenant_id FROM phone_numbers WHERE e164 = @e164 AND kind = 'owned') AS owner";
      try {
        let statement = routingStatements.get(sql);
        if (!statement) {
          statement = reader.prepare(sql);
          routingStatements.set(sql, statement);
        }
        const row = statement.get({ e164 }) as { shared: number; owner: string | null };
        return { shared: row.shared === 1, owner: row.owner ?? null };
      } catch (error) {
        throw toStorageError(error, 'routing');
      }
    },
    async isSharedNumber(e164) {
      return readOne('SELECT 1 FROM shared_numbers WHERE e164 = ?', e164) !== undefined;
    },
    async tenantIdByExternalId(provider, externalId) {
      const sql = 'SELECT tenant_id FROM tenant_external_ids WHERE provider = ? AND external_id = ?';
      return (readOne(sql, provider, externalId) as string) ?? null;
    },
    async tenantIdBySlug(slug) {
      return (readOne('SELECT id FROM tenants WHERE slug = ?', slug) as string) ?? null;
    },
    async tenantIdsForUser(userId) {
      try {
        const sql = 'SELECT tenant_id FROM tenant_members WHERE user_id = ? ORDER BY tenant_id';
        return routingStatement(sql).all(userId) as string[];
      } catch (error) {
        throw toStorageError(error, 'routing');
      }
    },
  };

  const driver: StorageDriver = {
    name: perTenant ? 'sqlite (file per tenant)' : 'sqlite (shared file)',
    dialect: 'sqlite',
    routing,
    async migrate(pluginExtensions) {
      await enqueue(async () => {
        applyMigrations(control, 'control', controlMigrations);
        if (!perTenant) applyMigrations(control, 'tenant', tenantMigrations);
        extensions = [
          ...extensions.filter((e) => !pluginExtensions.some((p) => p.name === e.name)),
          ...pluginExtensions,
        ];
        for (const extension of pluginExtensions) {
          for (const [name, model] of Object.entries(extension.models)) extensionModels.set(name, model);
        }
        if (perTenant) for (const db of tenantDatabases.values()) applyExtensions(db);
        else applyExtensions(control);
      });
    },
    transaction(fn) {
      const current = activeTransaction();
      // Global work started inside an open transaction joins it: a second BEGIN would wait on itself.
      if (current)
        return fn(
          createSqliteSession({ db: current.db, tenantId: null, schemaOf: current.schemaOf, modelOf, onWrite }),
        );
      return enqueue(() =>
        inTransaction(control, inMain, () =>
          fn(createSqliteSession({ db: control, tenantId: null, schemaOf: inMain, modelOf, onWrite })),
        ),
      );
    },
    read(fn) {
      const current = activeTransaction();
      if (current)
        return fn(
          createSqliteSession({ db: current.db, tenantId: null, schemaOf: current.schemaOf, modelOf, onWrite }),
        );
      // An in-memory database has one connection, on which a queued write may be open: read in turn with it.
      if (reader === control) return this.transaction(fn);
      return fn(createSqliteSession({ db: reader, tenantId: null, schemaOf: inMain, modelOf, onWrite }));
    },
    withTenant(tenantId, fn) {
      if (activeTransaction()) {
        return Promise.reject(
          createHttpError('TENANT_SCOPE_NESTED', `withTenant("${tenantId}") was called inside an open transaction.`),
        );
      }
      return enqueue(() => {
        const db = tenantDatabase(tenantId);
        const schemaOf = perTenant ? inTenantFile : inMain;
        return inTransaction(db, schemaOf, () => fn(createSqliteSession({ db, tenantId, schemaOf, modelOf, onWrite })));
      });
    },
    readVersion(tenantId) {
      // A transaction that wrote a cached table reads its own uncommitted rows: nothing read there may be cached.
      if (activeTransaction()?.touchesTenants) return null;
      const data = dataVersion.get();
      if (data !== lastDataVersion) {
        lastDataVersion = data;
        version += 1;
      }
      if (perTenant && tenantId !== undefined) {
        const db = tenantDatabases.get(tenantId);
        // A tenant file not open yet has nothing cached from it to keep.
        if (!db) return null;
        if (tenantFileMoved(db)) version += 1;
      }
      return version;
    },
    async provisionTenant(tenantId) {
      if (perTenant) tenantDatabase(tenantId);
    },
    async close() {
      await enqueue(async () => {
        // The worker's connections close first, so the last connection to each file is the storage's own.
        await checkpointer?.stop();
        for (const db of tenantDatabases.values()) db.close();
        tenantDatabases.clear();
        if (reader !== control) reader.close();
        control.close();
      });
    },
  };
  lendControlConnection(driver, {
    write(fn) {
      const current = activeTransaction();
      if (current) {
        // In file-per-tenant mode the open transaction may be a tenant file's, with the control file attached.
        try {
          return Promise.resolve(fn(current.db, current.db === control ? 'main' : 'control'));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return enqueue(async () => {
        const result = control.transaction(() => fn(control, 'main')).immediate();
        checkpointer?.committed(controlPath);
        return result;
      });
    },
  });
  return driver;
}
