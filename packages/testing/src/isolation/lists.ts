import type { Page, PageRequest, TenantScope } from '@nuvatra/core';
import { expect } from 'vitest';
import { newestFirst, oldestFirst, readAllPages } from '../fixtures/pages.js';
import type { Operation, TenantModel } from './model.js';

interface OwnedRow {
  id: string;
  tenantId: string;
  createdAt: string;
}

const listNames = [
  'calls',
  'intents',
  'appointments',
  'conversations',
  'messages',
  'auditEvents',
  'phoneNumbers',
  'members',
] as const;
type ListName = (typeof listNames)[number];

function expectOnlyOwnRows(self: TenantModel, what: string, rows: ReadonlyArray<{ tenantId: string }>): void {
  const foreign = rows.filter((row) => row.tenantId !== self.id);
  expect(foreign, `${what} of tenant ${self.id} returned rows of other tenants`).toEqual([]);
}

async function expectPages<T extends OwnedRow>(
  self: TenantModel,
  what: string,
  read: (page: PageRequest) => Promise<Page<T>>,
  expected: Iterable<T>,
  limit: number,
): Promise<void> {
  const listed = await readAllPages(read, limit);
  expectOnlyOwnRows(self, what, listed);
  expect(listed, `${what} of tenant ${self.id}, walked ${limit} per page`).toEqual([...expected].sort(newestFirst));
}

/** Walks one of the tenant's lists to its end and compares it, row for row and in order, with the model. */
export async function checkList(scope: TenantScope, self: TenantModel, name: ListName, limit: number): Promise<void> {
  switch (name) {
    case 'calls':
      return expectPages(self, 'calls.list', (page) => scope.calls.list(page), self.calls.values(), limit);
    case 'intents': {
      await expectPages(self, 'intents.list', (page) => scope.intents.list(page), self.intents.values(), limit);
      const all = await scope.intents.all();
      expectOnlyOwnRows(self, 'intents.all', all);
      return expect(all, `intents.all of tenant ${self.id}`).toEqual([...self.intents.values()].sort(oldestFirst));
    }
    case 'appointments':
      return expectPages(
        self,
        'appointments.list',
        (page) => scope.appointments.list(page),
        self.appointments.values(),
        limit,
      );
    case 'conversations':
      return expectPages(
        self,
        'conversations.list',
        (page) => scope.conversations.list(page),
        self.conversations.values(),
        limit,
      );
    case 'messages':
      for (const conversation of self.conversations.values()) {
        const expected = [...self.messages.values()].filter((message) => message.conversationId === conversation.id);
        await expectPages(
          self,
          `messages.list(${conversation.id})`,
          (page) => scope.messages.list(conversation.id, page),
          expected,
          limit,
        );
      }
      return;
    case 'auditEvents':
      return expectPages(
        self,
        'auditEvents.list',
        (page) => scope.auditEvents.list(page),
        self.auditEvents.values(),
        limit,
      );
    case 'phoneNumbers': {
      const numbers = await scope.phoneNumbers.list();
      expectOnlyOwnRows(self, 'phoneNumbers.list', numbers);
      return expect(numbers, `phoneNumbers.list of tenant ${self.id}`).toEqual(
        [...self.phoneNumbers.values()].sort(oldestFirst),
      );
    }
    case 'members': {
      const members = await scope.members.list();
      expectOnlyOwnRows(self, 'members.list', members);
      const byJoining = (a: { createdAt: string; userId: string }, b: { createdAt: string; userId: string }) =>
        a.createdAt === b.createdAt ? (a.userId < b.userId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;
      return expect(members, `members.list of tenant ${self.id}`).toEqual([...self.members.values()].sort(byJoining));
    }
  }
}

export async function checkEveryList(scope: TenantScope, self: TenantModel, limit: number): Promise<void> {
  for (const name of listNames) await checkList(scope, self, name, limit);
}

export const listOwnRows: Operation = async (step) => {
  const name = step.random.pick(listNames);
  const limit = step.random.int(1, 7);
  step.note(`${name} list, ${limit} per page`);
  await checkList(step.scope, step.self, name, limit);
};
