import { createHttpError } from '../../errors/errors.js';
import { parseOrThrow } from '../../errors/zod.js';
import { normalizePhoneNumber } from '../../phone/normalize.js';
import {
  createPhoneNumberInputSchema,
  type PhoneNumber,
  type PhoneNumberKind,
  phoneNumberSchema,
} from '../../schemas/phone-number.js';
import type { Row } from '../driver.js';
import { byId, notFound, rowParser } from '../entity.js';
import { createId } from '../ids.js';
import { conflictAs } from './conflict.js';
import type { RepositoryContext } from './context.js';

export function phoneNumbersRepository({ tenantId, session, routing, now }: RepositoryContext) {
  const fromRow = rowParser(phoneNumberSchema, 'phone number');
  return {
    /**
     * Registers a number for this tenant. A number is registered at most once per kind across all tenants,
     * and never over a shared assistant number: either is a CONFLICT that names no other tenant.
     */
    async create(input: unknown): Promise<PhoneNumber> {
      const values = parseOrThrow(createPhoneNumberInputSchema, input, 'phone number');
      const e164 = normalizePhoneNumber(values.number, values.region ? { region: values.region } : {});
      if (await routing.isSharedNumber(e164)) {
        throw createHttpError('CONFLICT', `${e164} is a shared assistant number; it cannot belong to one tenant.`);
      }
      // One line belongs to one business: another tenant's forwarding line cannot become this tenant's own
      // number, nor the other way round, or calls to it and calls forwarded from it would disagree.
      const otherKind = values.kind === 'owned' ? 'forwarding' : 'owned';
      const holder = await routing.tenantIdByNumber(e164, otherKind);
      if (holder && holder !== tenantId) {
        throw createHttpError('CONFLICT', `${e164} is already registered by another business.`);
      }
      const number: PhoneNumber = {
        id: createId('pn'),
        tenantId,
        e164,
        kind: values.kind,
        provider: values.provider ?? null,
        label: values.label ?? null,
        createdAt: now(),
      };
      await conflictAs(
        session.insert('phoneNumbers', number as Row),
        `${e164} is already registered as ${values.kind === 'owned' ? 'an owned' : 'a forwarding'} number.`,
      );
      return number;
    },
    async get(id: string): Promise<PhoneNumber | null> {
      const row = await session.findOne('phoneNumbers', byId(id));
      return row ? fromRow(row) : null;
    },
    async findByNumber(e164: string, kind: PhoneNumberKind): Promise<PhoneNumber | null> {
      const row = await session.findOne('phoneNumbers', [
        { field: 'e164', value: e164 },
        { field: 'kind', value: kind },
      ]);
      return row ? fromRow(row) : null;
    },
    async list(): Promise<PhoneNumber[]> {
      const rows = await session.findMany('phoneNumbers', {
        orderBy: [
          { field: 'createdAt', direction: 'asc' },
          { field: 'id', direction: 'asc' },
        ],
      });
      return rows.map(fromRow);
    },
    async delete(id: string): Promise<void> {
      if ((await session.delete('phoneNumbers', byId(id))) === 0) notFound('phone number', id);
    },
  };
}
export type PhoneNumbersRepository = ReturnType<typeof phoneNumbersRepository>;
