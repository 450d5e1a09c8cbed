import { z } from 'zod';
import { idSchema, metadataSchema, providerSchema, timestampSchema } from './common.js';

export const actorSchema = z.object({
  type: z.enum(['user', 'api_key', 'system', 'provider']),
  id: z.string().min(1).max(255),
});
export type Actor = z.infer<typeof actorSchema>;

export const auditEventSchema = z.object({
  id: idSchema,
  tenantId: idSchema,
  actor: actorSchema,
  /** Dotted verb, e.g. `tenant.impersonated`, `phone_number.created`. */
  action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'must be a dotted action such as "call.refused"'),
  target: z.string().max(255).nullable(),
  detail: metadataSchema,
  createdAt: timestampSchema,
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const recordAuditEventInputSchema = z
  .object({
    actor: actorSchema,
    action: auditEventSchema.shape.action,
    target: auditEventSchema.shape.target.default(null),
    detail: metadataSchema.default({}),
  })
  .strict();
export type RecordAuditEventInput = z.input<typeof recordAuditEventInputSchema>;

/** One row per provider event: the second delivery of the same event finds it and changes nothing. */
export const webhookReceiptSchema = z.object({
  tenantId: idSchema,
  provider: providerSchema,
  eventId: z.string().min(1).max(255),
  receivedAt: timestampSchema,
});
export type WebhookReceipt = z.infer<typeof webhookReceiptSchema>;

export const recordWebhookReceiptInputSchema = webhookReceiptSchema.pick({ provider: true, eventId: true }).strict();
export type RecordWebhookReceiptInput = z.input<typeof recordWebhookReceiptInputSchema>;
