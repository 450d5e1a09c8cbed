import type { Page, PageRequest, TenantScope } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { appointmentInput, auditInput, callInput, intentInput, messageInput } from '../fixtures/inputs.js';
import { newestFirst, readAllPages } from '../fixtures/pages.js';
import type { ContractContext } from './context.js';

interface Row {
  id: string;
  createdAt: string;
}

/** One paginated list: `fill` creates `count` rows and answers them with the reader that lists exactly them. */
interface PaginatedList {
  what: string;
  fill(scope: TenantScope, count: number): Promise<{ rows: Row[]; read: (page?: PageRequest) => Promise<Page<Row>> }>;
}

async function times<T>(count: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let i = 0; i < count; i++) made.push(await make(i));
  return made;
}

const names = ['a_intent', 'b_intent', 'c_intent', 'd_intent', 'e_intent', 'f_intent', 'g_intent', 'h_intent'];

const paginatedLists: PaginatedList[] = [
  {
    what: 'calls',
    fill: async (scope, count) => ({
      rows: await times(count, (i) => scope.calls.create(callInput(i))),
      read: scope.calls.list,
    }),
  },
  {
    what: 'intents',
    fill: async (scope, count) => ({
      rows: await times(count, (i) => scope.intents.create(intentInput(names[i] ?? `intent_${i}`))),
      read: scope.intents.list,
    }),
  },
  {
    what: 'appointments',
    fill: async (scope, count) => ({
      rows: await times(count, (i) => scope.appointments.create(appointmentInput(i))),
      read: scope.appointments.list,
    }),
  },
  {
    what: 'conversations',
    fill: async (scope, count) => ({
      rows: await times(count, (i) => scope.conversations.create({ channel: 'sms', participant: `+1212555020${i}` })),
      read: scope.conversations.list,
    }),
  },
  {
    what: 'messages',
    async fill(scope, count) {
      const conversation = await scope.conversations.create({ channel: 'sms', participant: '+12125550200' });
      const appended = await times(count, (i) => scope.messages.append(conversation.id, messageInput(`message ${i}`)));
      return {
        rows: appended.map(({ message }) => message),
        read: (page) => scope.messages.list(conversation.id, page),
      };
    },
  },
  {
    what: 'audit events',
    fill: async (scope, count) => ({
      rows: await times(count, (i) => scope.auditEvents.record(auditInput('call.refused', { target: `call_${i}` }))),
      read: scope.auditEvents.list,
    }),
  },
];

export function definePaginationTests(context: ContractContext): void {
  describe('pagination', () => {
    for (const list of paginatedLists) {
      it(`lists ${list.what} newest first across pages, with no duplicates, no gaps and no cursor after the last page`, async () => {
        const tenant = await context.createTenant();
        await context.storage().withTenant(tenant.id, async (scope) => {
          const { rows, read } = await list.fill(scope, 7);
          const expected = [...rows].sort(newestFirst);
          expect(await readAllPages(read, 3)).toEqual(expected);
          expect(await readAllPages(read, 1)).toEqual(expected);
          expect(await read({ limit: 7 })).toEqual({ items: expected, nextCursor: null });
          expect(await read()).toEqual({ items: expected, nextCursor: null });
          const first = await read({ limit: 3 });
          expect(first.items).toEqual(expected.slice(0, 3));
          expect(first.nextCursor).toEqual(expect.any(String));
        });
      });

      it(`refuses a ${list.what} cursor it did not hand out with INVALID_CURSOR and a page size outside 1-200 with VALIDATION_FAILED`, async () => {
        const tenant = await context.createTenant();
        await context.storage().withTenant(tenant.id, async (scope) => {
          const { read } = await list.fill(scope, 2);
          for (const cursor of ['not-a-cursor', btoa('["yesterday","x"]'), btoa('{"id":1}')]) {
            await expect(read({ limit: 1, cursor })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
          }
          for (const limit of [0, 201, 1.5]) {
            await expect(read({ limit })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
          }
        });
      });
    }

    it('refuses a tenants cursor it did not hand out with INVALID_CURSOR', async () => {
      await context.createTenant();
      await expect(context.storage().tenants.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({
        code: 'INVALID_CURSOR',
      });
    });
  });
}
