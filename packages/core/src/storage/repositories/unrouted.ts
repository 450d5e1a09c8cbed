import { parseOrThrow } from '../../errors/zod.js';
import type { Page, PageRequest } from '../../schemas/common.js';
import { pageRequestSchema } from '../../schemas/common.js';
import { recordUnroutedEventInputSchema, type UnroutedEvent, unroutedEventSchema } from '../../schemas/provider.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import type { Row, StorageDriver } from '../driver.js';
import { rowParser } from '../entity.js';
import { createId } from '../ids.js';

const fromRow = rowParser(unroutedEventSchema, 'unrouted event');

/** Calls and messages refused for want of a tenant, newest first, for global admins. */
export function unroutedEventsRepository(driver: StorageDriver, now: () => string) {
  return {
    async record(input: unknown): Promise<UnroutedEvent> {
      const values = parseOrThrow(recordUnroutedEventInputSchema, input, 'unrouted event');
      const event: UnroutedEvent = { ...values, id: createId('unr'), createdAt: now() };
      await driver.transaction((session) => session.insert('unroutedEvents', event as Row));
      return event;
    },
    async list(page?: PageRequest): Promise<Page<UnroutedEvent>> {
      const { limit, cursor } = parseOrThrow(pageRequestSchema, page ?? {}, 'page request');
      const rows = await driver.transaction((session) =>
        session.findMany('unroutedEvents', {
          orderBy: [
            { field: 'createdAt', direction: 'desc' },
            { field: 'id', direction: 'desc' },
          ],
          limit: limit + 1,
          ...(cursor ? { after: decodeCursor(cursor) } : {}),
        }),
      );
      const items = rows.slice(0, limit).map(fromRow);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
    },
  };
}
export type UnroutedEventsRepository = ReturnType<typeof unroutedEventsRepository>;
