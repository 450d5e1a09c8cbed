import type { z } from 'zod';
import { createHttpError } from '../errors/errors.js';
import { parseOrThrow } from '../errors/zod.js';
import { type Page, type PageRequest, pageRequestSchema } from '../schemas/common.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Condition, DriverSession, Row } from './driver.js';
import type { TenantModelName } from './models.js';

type Session = DriverSession<TenantModelName>;

const newestFirst = [
  { field: 'createdAt', direction: 'desc' },
  { field: 'id', direction: 'desc' },
] as const;

/** Reads one page, newest first, with an opaque keyset cursor. */
export async function readPage<T extends { createdAt: string; id: string }>(
  session: Session,
  model: TenantModelName,
  fromRow: (row: Row) => T,
  page: PageRequest | undefined,
  where: readonly Condition[] = [],
): Promise<Page<T>> {
  const { limit, cursor } = parseOrThrow(pageRequestSchema, page ?? {}, 'page request');
  const rows = await session.findMany(model, {
    where,
    orderBy: newestFirst,
    limit: limit + 1,
    ...(cursor ? { after: decodeCursor(cursor) } : {}),
  });
  const items = rows.slice(0, limit).map(fromRow);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
}

/** Parses a database row through the domain schema: the inside of Nuvatra only sees typed values. */
export function rowParser<S extends z.ZodType>(schema: S, what: string) {
  return (row: Row): z.output<S> => {
    const result = schema.safeParse(row);
    if (result.success) return result.data;
    throw createHttpError(
      'STORAGE_FAILED',
      `A stored ${what} does not match its schema; was it written outside Nuvatra?`,
      {
        cause: result.error,
      },
    );
  };
}

export function notFound(what: string, id: string): never {
  throw createHttpError('NOT_FOUND', `No ${what} with id "${id}" in this tenant.`);
}

export const byId = (id: string): Condition[] => [{ field: 'id', value: id }];

/**
 * get / list / update / delete for a tenant-owned model keyed by `id`. Updates are read-merge-validate-write,
 * so a row never holds a value its schema would refuse.
 */
export function entityOperations<S extends z.ZodType<{ id: string; createdAt: string }>, P>(options: {
  session: Session;
  model: TenantModelName;
  schema: S;
  what: string;
  updateSchema: z.ZodType<P>;
  now: () => string;
  /** Checks that span fields (a range whose ends are patched one at a time); throws to refuse. */
  validate?: (next: z.output<S>) => void;
}) {
  const { session, model, schema, what, updateSchema, now, validate } = options;
  const fromRow = rowParser(schema, what);
  return {
    fromRow,
    async get(id: string): Promise<z.output<S> | null> {
      if (typeof id !== 'string' || id.length === 0 || id.length > 255) return null;
      const row = await session.findOne(model, byId(id));
      return row ? fromRow(row) : null;
    },
    list(page?: PageRequest, where: readonly Condition[] = []): Promise<Page<z.output<S>>> {
      return readPage(session, model, fromRow, page, where);
    },
    async update(id: string, patch: unknown): Promise<z.output<S>> {
      const changes = parseOrThrow(updateSchema, patch, `${what} update`) as Record<string, unknown>;
      const current = await session.findOne(model, byId(id));
      if (!current) notFound(what, id);
      // One parse of the merged row; only when it fails is the stored row checked on its own, so a row written
      // outside Nuvatra is still reported as STORAGE_FAILED rather than as the caller's mistake.
      const input = { ...current, ...changes, updatedAt: now() };
      const merged = schema.safeParse(input);
      if (!merged.success) fromRow(current);
      const next: z.output<S> = merged.success ? merged.data : parseOrThrow(schema, input, what);
      validate?.(next);
      // The driver binds the tenant itself; the key fields never change on update.
      const { tenantId: _tenantId, id: _id, ...changed } = next as Row;
      await session.update(model, byId(id), changed);
      return next;
    },
    async delete(id: string): Promise<void> {
      const removed = await session.delete(model, byId(id));
      if (removed === 0) notFound(what, id);
    },
  };
}
