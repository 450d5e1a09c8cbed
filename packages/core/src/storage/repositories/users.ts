import { parseOrThrow } from '../../errors/zod.js';
import { recordWebhookReceiptInputSchema } from '../../schemas/audit.js';
import { type User, upsertUserInputSchema, userSchema } from '../../schemas/user.js';
import type { Row, StorageDriver } from '../driver.js';
import { rowParser } from '../entity.js';

const fromRow = rowParser(userSchema, 'user');
const byId = (id: string) => [{ field: 'id', value: id }];

/** Users synced from the auth provider. They belong to no tenant. */
export function usersRepository(driver: StorageDriver, now: () => string) {
  return {
    /** Creates or updates a user; a user deleted earlier and created again is restored. */
    async upsert(input: unknown): Promise<User> {
      const values = parseOrThrow(upsertUserInputSchema, input, 'user');
      return driver.transaction(async (session) => {
        const existing = await session.findOne('users', byId(values.id));
        const timestamp = now();
        const user: User = {
          ...values,
          deletedAt: null,
          createdAt: existing ? String(existing.createdAt) : timestamp,
          updatedAt: timestamp,
        };
        if (existing) await session.update('users', byId(values.id), user as Row);
        else await session.insert('users', user as Row);
        return user;
      });
    },
    async markDeleted(id: string): Promise<boolean> {
      const timestamp = now();
      const changed = await driver.transaction((session) =>
        session.update('users', byId(id), { deletedAt: timestamp, updatedAt: timestamp }),
      );
      return changed > 0;
    },
    async get(id: string): Promise<User | null> {
      const row = await driver.transaction((session) => session.findOne('users', byId(id)));
      return row ? fromRow(row) : null;
    },
  };
}
export type UsersRepository = ReturnType<typeof usersRepository>;

/** Provider events that belong to no tenant yet, recorded once by their id (Svix message id). */
export function globalReceiptsRepository(driver: StorageDriver, now: () => string) {
  return {
    /** Whether this event was already recorded (and so applied): a replay must not be applied again. */
    async has(input: unknown): Promise<boolean> {
      const values = parseOrThrow(recordWebhookReceiptInputSchema, input, 'webhook receipt');
      const row = await driver.transaction((session) =>
        session.findOne('globalWebhookReceipts', [
          { field: 'provider', value: values.provider },
          { field: 'eventId', value: values.eventId },
        ]),
      );
      return row !== null;
    },
    async record(input: unknown): Promise<{ duplicate: boolean }> {
      const values = parseOrThrow(recordWebhookReceiptInputSchema, input, 'webhook receipt');
      const inserted = await driver.transaction((session) =>
        session.insertIfAbsent('globalWebhookReceipts', { ...values, receivedAt: now() }),
      );
      return { duplicate: !inserted };
    },
  };
}
export type GlobalReceiptsRepository = ReturnType<typeof globalReceiptsRepository>;
