import type { StorageExtension } from './extension.js';
import type { GlobalModelName, ModelName, TenantModelName } from './models.js';

/** A row as the driver sees it: field names of `models`, values already typed (json parsed, booleans). */
export type Row = Record<string, unknown>;

export type Comparison = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte';
export interface Condition {
  field: string;
  op?: Comparison;
  value: unknown;
}

export interface FindManyOptions {
  where?: readonly Condition[];
  /** All directions must agree when `after` is used (keyset pagination compares the tuple). */
  orderBy?: ReadonlyArray<{ field: string; direction: 'asc' | 'desc' }>;
  limit?: number;
  /** Keyset: rows strictly after these values of the `orderBy` fields, in that order. */
  after?: readonly unknown[];
}

/**
 * What an adapter runs statements through. Sessions are handed out by `transaction` and `withTenant`,
 * and every statement of one session belongs to one database transaction.
 */
export interface DriverSession<M extends string = ModelName> {
  /** Throws a NuvatraHttpError CONFLICT when a primary key or unique index is violated. */
  insert(model: M, row: Row): Promise<void>;
  /**
   * Inserts unless a row with the same key or unique value exists; answers whether it inserted. This is how
   * duplicated provider events are stored once without aborting the surrounding transaction.
   */
  insertIfAbsent(model: M, row: Row): Promise<boolean>;
  findOne(model: M, where: readonly Condition[]): Promise<Row | null>;
  findMany(model: M, options?: FindManyOptions): Promise<Row[]>;
  /** Returns the number of rows changed. Throws CONFLICT on a unique violation. */
  update(model: M, where: readonly Condition[], patch: Row): Promise<number>;
  delete(model: M, where: readonly Condition[]): Promise<number>;
  count(model: M, where?: readonly Condition[]): Promise<number>;
}

/**
 * Reads that cross tenants, for resolution. They answer tenant ids, never tenant data.
 */
export interface RoutingReads {
  tenantIdByNumber(e164: string, kind: 'owned' | 'forwarding'): Promise<string | null>;
  isSharedNumber(e164: string): Promise<boolean>;
  /**
   * Both questions a called number raises, in one read: is it a shared number, and which tenant owns it. Optional
   * (resolution asks `isSharedNumber` and `tenantIdByNumber` without it); every call and message asks it.
   */
  numberRoute?(e164: string): Promise<{ shared: boolean; owner: string | null }>;
  tenantIdByExternalId(provider: string, externalId: string): Promise<string | null>;
  tenantIdBySlug(slug: string): Promise<string | null>;
  tenantIdsForUser(userId: string): Promise<string[]>;
}

/**
 * The one small interface a storage adapter implements. `createStorage` in core builds the whole
 * `Storage` (validation, ids, timestamps, scopes, repositories) on top of it.
 */
export interface StorageDriver {
  /** Shown in errors and logs, e.g. `sqlite (file per tenant)`. */
  readonly name: string;
  /** The SQL dialect plugin migrations are written in. */
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs pending migrations once, core's and then each extension's (set `plugin:<name>`); safe to call again.
   * From then on, sessions also know the extensions' models.
   */
  migrate(extensions: readonly StorageExtension[]): Promise<void>;
  /**
   * One transaction over the models that belong to no tenant. Started while a transaction (global or a tenant's)
   * is open in the same async context, it joins that transaction rather than opening a second one: plugins rely
   * on this to change a tenant row and the tenant's own rows atomically, and every driver must keep it.
   *
   * Registering a number checks `routing` inside the writing transaction (a shared number must not be owned, an
   * owned number must not be shared). A driver must therefore not let two such transactions interleave: SQLite
   * serializes all write transactions; a server database takes a lock (e.g. an advisory lock on the number).
   */
  transaction<T>(fn: (session: DriverSession<GlobalModelName>) => Promise<T>): Promise<T>;
  /**
   * Reads global models without taking the write lock: committed rows only (or, inside an open transaction, that
   * transaction's view). Optional; `transaction` is used when a driver has none. Used on every request (the
   * tenant a resolver names), so it must not queue behind writers.
   */
  read?<T>(fn: (session: DriverSession<GlobalModelName>) => Promise<T>): Promise<T>;
  /**
   * One transaction bound to `tenantId`: the driver adds `tenantId = ?` to every statement and sets it on every
   * insert, so a row of another tenant can be neither read nor written through this session. If `fn` rejects,
   * nothing it wrote is kept.
   */
  withTenant<T>(tenantId: string, fn: (session: DriverSession<TenantModelName>) => Promise<T>): Promise<T>;
  readonly routing: RoutingReads;
  /**
   * Lets core keep what every call reads and few requests change between reads: tenants (`tenants.get`) and, with
   * `tenantId`, that tenant's voice profile (configuration, intents, prompt and the global prompt). Optional:
   * without it nothing is cached. Answers a value that changes whenever one of those rows may have changed since it
   * was last answered: a commit by another connection or process, or the end of a transaction of this one that
   * wrote such a row. Answers null inside an open transaction that wrote such a row (its reads see its own
   * uncommitted rows), and null when it cannot tell for `tenantId`.
   */
  readVersion?(tenantId?: string): number | null;
  /** Prepares a new tenant's storage (database-per-tenant adapters create its database here). */
  provisionTenant(tenantId: string): Promise<void>;
  close(): Promise<void>;
}
