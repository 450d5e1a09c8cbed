import type { Storage } from '@nuvatra/core';
import { createPostgresStorage } from '@nuvatra/storage-postgres';
import pg from 'pg';

// Postgres at DATABASE_URL, opened so that a wrong URL answers quickly and in words: a connection timeout, and
// pg's failures (a socket error, a SQLSTATE deep in a cause chain) told apart as the three mistakes people make.

/** A database URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

interface OpenedPostgres {
  storage: Storage;
  /** Closes the storage, then our pool (the storage leaves a pool it was given open). */
  close(): Promise<void>;
  /** The pool behind the storage, for reads the storage API does not offer (the migrations ledger). */
  pool: pg.Pool;
}

/**
 * The storage on a pool of our own: pg honours a connection timeout only as a Pool or Client option (a URL's
 * `connect_timeout` is ignored), and the storage reuses the pool's options for migrations and tenant databases.
 */
export function openPostgresStorage(url: string, perTenant: boolean, connectionTimeoutMillis: number): OpenedPostgres {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis });
  // An idle connection the server drops is discarded by pg; without a listener it would crash the process.
  pool.on('error', () => undefined);
  const storage = createPostgresStorage({ mode: perTenant ? 'database-per-tenant' : 'shared', pool });
  return {
    storage,
    pool,
    async close() {
      await storage.close();
      await pool.end();
    },
  };
}

/** An error and its causes, outermost first: pg's own error sits under the storage's wrapper. */
function causeChain(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < 8; current = current.cause) chain.push(current);
  return chain;
}

/** The `code`s along an error's cause chain: SQLSTATEs from the server, `E…` from the socket. */
export function errorCodes(error: unknown): string[] {
  return causeChain(error).flatMap((item) => {
    const code = (item as { code?: unknown }).code;
    return typeof code === 'string' ? [code] : [];
  });
}

/** A percent-encoded URL part as written in DATABASE_URL, decoded when it decodes. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Replaces the URL's password (in the user info or `?password=`) wherever it appears in `text`. */
function withoutPassword(text: string, url: string): string {
  const target = URL.canParse(url) ? new URL(url) : null;
  const password = target?.password ? decoded(target.password) : (target?.searchParams.get('password') ?? '');
  return password ? text.split(password).join('***') : text;
}

/** The error's messages down its cause chain (the storage keeps pg's own words in `cause`), password removed. */
export function errorDetail(error: unknown, url: string): string {
  const messages = causeChain(error)
    .map((item) => item.message)
    .filter(Boolean);
  return withoutPassword(messages.length > 0 ? messages.join(': ') : String(error), url);
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// pg's connection timeouts: the pool's while waiting for a connection, a pooled client's and a lone client's.
const timedOut =
  /^(timeout exceeded when trying to connect|Connection terminated due to connection timeout|timeout expired)$/;
// Something at that address closed the connection before PostgreSQL's first answer (not PostgreSQL, a firewall).
const closedEarly = /Connection terminated unexpectedly/i;
// pg's own error when the server asks for a password and the URL has none.
const noPassword = /SASL: .*password must be a string/i;

interface ConnectionProblem {
  message: string;
  fix: string;
}

/**
 * What went wrong reaching DATABASE_URL, when it is one of: the server cannot be reached, it refused the login,
 * the database does not exist. `null` for any other failure. The password is never part of the answer.
 */
export function connectionProblem(error: unknown, url: string): ConnectionProblem | null {
  const chain = causeChain(error);
  const codes = errorCodes(error);
  const target = URL.canParse(url) ? new URL(url) : null;
  const host = target ? `${target.hostname || 'localhost'}:${target.port || '5432'}` : 'the host in DATABASE_URL';
  const database = target ? decoded(target.pathname.slice(1)) : '';
  const scrub = (text: string) => withoutPassword(text, url);

  const unreachable =
    codes.find((code) => unreachableCodes.has(code)) ??
    (chain.some((item) => timedOut.test(item.message)) ? 'no answer within the connection timeout' : undefined) ??
    (chain.some((item) => closedEarly.test(item.message)) ? 'the connection was closed before it answered' : undefined);
  if (unreachable) {
    return {
      message: `cannot reach PostgreSQL at ${host} (${unreachable})`,
      fix: 'check the host and port in DATABASE_URL, and that PostgreSQL is running and accepts TCP connections there',
    };
  }
  // 28P01 a wrong password; 28000 no pg_hba.conf entry for this user, host and database, or no such role.
  const refusal = chain.find((item) => ['28P01', '28000'].includes(String((item as { code?: unknown }).code)));
  if (refusal || chain.some((item) => noPassword.test(item.message))) {
    return {
      message: scrub(
        `PostgreSQL at ${host} refused the login: ${refusal ? refusal.message : 'it asks for a password and DATABASE_URL has none'}`,
      ),
      fix: 'check the user and password in DATABASE_URL, and that pg_hba.conf lets that user in from here',
    };
  }
  // Only DATABASE_URL's own database: a missing tenant database (database per tenant) is the storage's to explain.
  const missing = chain.find((item) => (item as { code?: unknown }).code === '3D000');
  if (missing?.message.includes(`"${database}"`)) {
    return {
      message: scrub(`database "${database}" does not exist on ${host}`),
      fix: `create it (CREATE DATABASE "${database}", or createdb), or correct the database name in DATABASE_URL`,
    };
  }
  return null;
}
