/** Quotes an identifier; the names reaching here are checked (options, models) but quoting keeps them inert. */
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Quotes a string literal, for DDL, which takes no parameters. */
export const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/**
 * storage-postgres's migration lock (`LOCK_MIGRATIONS` in its sql.ts, not exported): the first key of
 * `pg_advisory_xact_lock(key, hashtext(schema))`. Taking the same lock makes this package's step queue behind, and
 * be queued behind by, every node's `migrate()` of the same schema.
 */
export const LOCK_MIGRATIONS = 0x6e76_6d67;
