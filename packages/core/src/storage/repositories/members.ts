import { createHttpError } from '../../errors/errors.js';
import { parseOrThrow } from '../../errors/zod.js';
import { addMemberInputSchema, type Member, memberRoleSchema, memberSchema } from '../../schemas/tenant.js';
import type { Condition, Row } from '../driver.js';
import { rowParser } from '../entity.js';
import { conflictAs } from './conflict.js';
import type { RepositoryContext } from './context.js';

const byUser = (userId: string): Condition[] => [{ field: 'userId', value: userId }];

export function membersRepository({ tenantId, session, now }: RepositoryContext) {
  const fromRow = rowParser(memberSchema, 'member');
  const missing = (userId: string): never => {
    throw createHttpError('NOT_FOUND', `User "${userId}" is not a member of this tenant.`);
  };
  return {
    async add(input: unknown): Promise<Member> {
      const values = parseOrThrow(addMemberInputSchema, input, 'member');
      const timestamp = now();
      const member: Member = {
        ...values,
        email: values.email ?? null,
        tenantId,
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      await conflictAs(session.insert('members', member as Row), `User "${member.userId}" is already a member.`);
      return member;
    },
    async get(userId: string): Promise<Member | null> {
      const row = await session.findOne('members', byUser(userId));
      return row ? fromRow(row) : null;
    },
    async list(): Promise<Member[]> {
      const rows = await session.findMany('members', {
        orderBy: [
          { field: 'createdAt', direction: 'asc' },
          { field: 'userId', direction: 'asc' },
        ],
      });
      return rows.map(fromRow);
    },
    async setRole(userId: string, role: unknown): Promise<Member> {
      const nextRole = parseOrThrow(memberRoleSchema, role, 'member role');
      const row = await session.findOne('members', byUser(userId));
      if (!row) return missing(userId);
      const updatedAt = now();
      await session.update('members', byUser(userId), { role: nextRole, updatedAt });
      return { ...fromRow(row), role: nextRole, updatedAt };
    },
    async remove(userId: string): Promise<void> {
      if ((await session.delete('members', byUser(userId))) === 0) missing(userId);
    },
  };
}
export type MembersRepository = ReturnType<typeof membersRepository>;
