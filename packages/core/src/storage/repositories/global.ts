import { createHttpError } from '../../errors/errors.js';
import { parseOrThrow } from '../../errors/zod.js';
import { normalizePhoneNumber } from '../../phone/normalize.js';
import { createSharedNumberInputSchema, type SharedNumber, sharedNumberSchema } from '../../schemas/phone-number.js';
import { type PromptBundle, promptBundleSchema, promptSectionsSchema } from '../../schemas/prompt-bundle.js';
import type { Row, StorageDriver } from '../driver.js';
import { rowParser } from '../entity.js';

const sharedFromRow = rowParser(sharedNumberSchema, 'shared number');
const byE164 = (e164: string) => [{ field: 'e164', value: e164 }];

/** Assistant numbers that belong to no tenant; global admins register them. */
export function sharedNumbersRepository(driver: StorageDriver, now: () => string) {
  return {
    async add(input: unknown): Promise<SharedNumber> {
      const values = parseOrThrow(createSharedNumberInputSchema, input, 'shared number');
      const e164 = normalizePhoneNumber(values.number, values.region ? { region: values.region } : {});
      const shared: SharedNumber = {
        e164,
        provider: values.provider ?? null,
        label: values.label ?? null,
        createdAt: now(),
      };
      // The check runs inside the writing transaction, so a tenant cannot register the number in between
      // (see StorageDriver.transaction: write transactions that check numbers are serialized).
      const inserted = await driver.transaction(async (session) => {
        const [owner, forwarder] = await Promise.all([
          driver.routing.tenantIdByNumber(e164, 'owned'),
          driver.routing.tenantIdByNumber(e164, 'forwarding'),
        ]);
        if (owner || forwarder) {
          throw createHttpError('CONFLICT', `${e164} is registered to a tenant; a shared number belongs to none.`);
        }
        return session.insertIfAbsent('sharedNumbers', shared as Row);
      });
      if (!inserted) throw createHttpError('CONFLICT', `${e164} is already a shared number.`);
      return shared;
    },
    async remove(number: string): Promise<void> {
      const e164 = normalizePhoneNumber(number);
      const removed = await driver.transaction((session) => session.delete('sharedNumbers', byE164(e164)));
      if (removed === 0) throw createHttpError('NOT_FOUND', `${e164} is not a shared number.`);
    },
    async list(): Promise<SharedNumber[]> {
      const rows = await driver.transaction((session) =>
        session.findMany('sharedNumbers', { orderBy: [{ field: 'e164', direction: 'asc' }] }),
      );
      return rows.map(sharedFromRow);
    },
  };
}
export type SharedNumbersRepository = ReturnType<typeof sharedNumbersRepository>;

const GLOBAL_BUNDLE_ID = 'global';

/** The prompt sections every tenant starts from. */
export function globalPromptRepository(driver: StorageDriver, now: () => string) {
  return {
    async get(): Promise<PromptBundle | null> {
      const row = await driver.transaction((session) =>
        session.findOne('globalPromptBundle', [{ field: 'id', value: GLOBAL_BUNDLE_ID }]),
      );
      return row ? parseOrThrow(promptBundleSchema, { ...row, tenantId: null }, 'stored prompt bundle') : null;
    },
    async put(sections: unknown): Promise<PromptBundle> {
      const parsed = parseOrThrow(promptSectionsSchema, sections, 'prompt sections');
      const bundle: PromptBundle = { tenantId: null, sections: parsed, updatedAt: now() };
      const row = { id: GLOBAL_BUNDLE_ID, sections: parsed, updatedAt: bundle.updatedAt };
      await driver.transaction(async (session) => {
        if (!(await session.insertIfAbsent('globalPromptBundle', row))) {
          await session.update('globalPromptBundle', [{ field: 'id', value: GLOBAL_BUNDLE_ID }], row);
        }
      });
      return bundle;
    },
  };
}
export type GlobalPromptRepository = ReturnType<typeof globalPromptRepository>;
