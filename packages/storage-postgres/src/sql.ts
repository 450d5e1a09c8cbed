/** Quotes an identifier; the names reaching here are checked (options, models) but quoting keeps them inert. */
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Quotes a string literal, for the few statements that cannot take parameters (a multi-statement BEGIN). */
export const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** The advisory lock namespaces (first key of the two-key form); the second key hashes the resource. */
export const LOCK_MIGRATIONS = 0x6e76_6d67;
export const LOCK_NUMBERS = 0x6e76_6e6d;

/** The setting RLS policies compare tenant_id with; set transaction-locally only. */
export const TENANT_SETTING = 'nuvatra.tenant_id';

/**
 * The policy expression. `(SELECT …)` makes it an InitPlan evaluated once per statement; `nullif` turns the empty
 * string (what a placeholder setting reads after a transaction that set it ends) into NULL, and NULL matches no row.
 */
export const TENANT_MATCHES = `tenant_id = (SELECT nullif(current_setting('${TENANT_SETTING}', true), ''))`;
