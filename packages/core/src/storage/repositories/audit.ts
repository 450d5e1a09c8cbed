import { parseOrThrow } from '../../errors/zod.js';
import {
  type AuditEvent,
  auditEventSchema,
  recordAuditEventInputSchema,
  recordWebhookReceiptInputSchema,
} from '../../schemas/audit.js';
import type { PageRequest } from '../../schemas/common.js';
import type { Row } from '../driver.js';
import { readPage } from '../entity.js';
import { createId } from '../ids.js';
import type { RepositoryContext } from './context.js';

const fromRow = (row: Row): AuditEvent =>
  parseOrThrow(auditEventSchema, { ...row, actor: { type: row.actorType, id: row.actorId } }, 'stored audit event');

export function auditEventsRepository({ tenantId, session, now }: RepositoryContext) {
  return {
    async record(input: unknown): Promise<AuditEvent> {
      const values = parseOrThrow(recordAuditEventInputSchema, input, 'audit event');
      const event: AuditEvent = { ...values, id: createId('aud'), tenantId, createdAt: now() };
      const { actor, ...rest } = event;
      await session.insert('auditEvents', { ...rest, actorType: actor.type, actorId: actor.id });
      return event;
    },
    list: (page?: PageRequest) => readPage(session, 'auditEvents', fromRow, page),
  };
}
export type AuditEventsRepository = ReturnType<typeof auditEventsRepository>;

export function webhookReceiptsRepository({ session, now }: RepositoryContext) {
  return {
    /** Records a provider event; `duplicate: true` when it was recorded before and should change nothing. */
    async record(input: unknown): Promise<{ duplicate: boolean }> {
      const values = parseOrThrow(recordWebhookReceiptInputSchema, input, 'webhook receipt');
      const inserted = await session.insertIfAbsent('webhookReceipts', { ...values, receivedAt: now() });
      return { duplicate: !inserted };
    },
  };
}
export type WebhookReceiptsRepository = ReturnType<typeof webhookReceiptsRepository>;
