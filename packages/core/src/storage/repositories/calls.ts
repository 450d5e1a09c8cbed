import { parseOrThrow } from '../../errors/zod.js';
import { type Call, callSchema, createCallInputSchema, updateCallInputSchema } from '../../schemas/call.js';
import type { PageRequest } from '../../schemas/common.js';
import type { Condition, Row } from '../driver.js';
import { entityOperations } from '../entity.js';
import { createId } from '../ids.js';
import { conflictAs } from './conflict.js';
import type { RepositoryContext } from './context.js';

export interface CallListFilter {
  /** Inclusive lower bound on createdAt (ISO timestamp). */
  from?: string;
  /** Exclusive upper bound on createdAt (ISO timestamp). */
  to?: string;
  /** Only calls with this outcome (as the voice AI reported it, e.g. "booked"). */
  outcome?: string;
  /** Only calls in this status. */
  status?: Call['status'];
}

export function callsRepository({ tenantId, session, now }: RepositoryContext) {
  const ops = entityOperations({
    session,
    model: 'calls',
    schema: callSchema,
    what: 'call',
    updateSchema: updateCallInputSchema,
    now,
  });
  return {
    get: ops.get,
    update: ops.update,
    /** Deletes a call; appointments booked during it stay and lose their link (callId becomes null). */
    async delete(id: string): Promise<void> {
      await session.update('appointments', [{ field: 'callId', value: id }], { callId: null, updatedAt: now() });
      await ops.delete(id);
    },
    list(page?: PageRequest, filter: CallListFilter = {}) {
      const where: Condition[] = [];
      if (filter.from) where.push({ field: 'createdAt', op: 'gte', value: filter.from });
      if (filter.to) where.push({ field: 'createdAt', op: 'lt', value: filter.to });
      if (filter.outcome) where.push({ field: 'outcome', value: filter.outcome });
      if (filter.status) where.push({ field: 'status', value: filter.status });
      return ops.list(page, where);
    },
    async create(input: unknown): Promise<Call> {
      const values = parseOrThrow(createCallInputSchema, input, 'call');
      const timestamp = now();
      const call = parseOrThrow(
        callSchema,
        { ...values, id: createId('call'), tenantId, createdAt: timestamp, updatedAt: timestamp },
        'call',
      );
      await conflictAs(
        session.insert('calls', call as Row),
        `A ${call.provider} call with id "${call.providerCallId}" is already stored.`,
      );
      return call;
    },
    async getByProviderCallId(provider: Call['provider'], providerCallId: string): Promise<Call | null> {
      const row = await session.findOne('calls', [
        { field: 'provider', value: provider },
        { field: 'providerCallId', value: providerCallId },
      ]);
      return row ? ops.fromRow(row) : null;
    },
  };
}
export type CallsRepository = ReturnType<typeof callsRepository>;
