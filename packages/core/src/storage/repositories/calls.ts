import { createHttpError } from '../../errors/errors.js';
import { parseOrThrow } from '../../errors/zod.js';
import { type Call, callSchema, createCallInputSchema, updateCallInputSchema } from '../../schemas/call.js';
import { metadataSchema, type PageRequest } from '../../schemas/common.js';
import type { Condition, Row } from '../driver.js';
import { byId, entityOperations } from '../entity.js';
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
  const newCall = (input: unknown): Call => {
    const values = parseOrThrow(createCallInputSchema, input, 'call');
    const timestamp = now();
    // Valid by construction: checked input, a fresh id, the scope's tenant and the clock's timestamps (a second
    // parse through callSchema cost as much as the insert).
    return { id: createId('call'), tenantId, ...values, createdAt: timestamp, updatedAt: timestamp };
  };
  const ops = entityOperations({
    session,
    model: 'calls',
    schema: callSchema,
    what: 'call',
    updateSchema: updateCallInputSchema,
    now,
  });
  async function getByProviderCallId(provider: Call['provider'], providerCallId: string): Promise<Call | null> {
    const row = await session.findOne('calls', [
      { field: 'provider', value: provider },
      { field: 'providerCallId', value: providerCallId },
    ]);
    return row ? ops.fromRow(row) : null;
  }
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
      const call = newCall(input);
      await conflictAs(
        session.insert('calls', call as Row),
        `A ${call.provider} call with id "${call.providerCallId}" is already stored.`,
      );
      return call;
    },
    /**
     * Stores the call unless one with its provider call id is stored already, and answers the stored one either way:
     * one statement for a call first heard of (every incoming call), a read only for a provider's retry.
     */
    async createOrGet(input: unknown): Promise<{ call: Call; created: boolean }> {
      const call = newCall(input);
      if (await session.insertIfAbsent('calls', call as Row)) return { call, created: true };
      const stored = await getByProviderCallId(call.provider, call.providerCallId);
      if (!stored) throw createHttpError('CONFLICT', `The call "${call.providerCallId}" could not be stored.`);
      return { call: stored, created: false };
    },
    /**
     * Sets these keys of the call's metadata and keeps the others; writes nothing when they already hold these
     * values. False when there is no such call. One read and no parse of the whole call: the voice webhooks record
     * their agent this way on every call.
     */
    async mergeMetadata(id: string, patch: Record<string, unknown>): Promise<boolean> {
      const values = parseOrThrow(metadataSchema, patch, 'call metadata');
      if (typeof id !== 'string' || id.length === 0 || id.length > 255) return false;
      const row = await session.findOne('calls', byId(id));
      if (!row) return false;
      const metadata = parseOrThrow(metadataSchema, row.metadata, 'stored call metadata');
      const same = (a: unknown, b: unknown) => Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b);
      if (Object.entries(values).every(([key, value]) => same(metadata[key], value))) return true;
      await session.update('calls', byId(id), { metadata: { ...metadata, ...values }, updatedAt: now() });
      return true;
    },
    getByProviderCallId,
  };
}
export type CallsRepository = ReturnType<typeof callsRepository>;
