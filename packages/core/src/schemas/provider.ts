import { z } from 'zod';
import { idSchema, providerSchema, timestampSchema } from './common.js';

/** A call or message no tenant could be proven for; it is refused politely and kept here for global admins. */
export const unroutedEventSchema = z.object({
  id: idSchema,
  provider: providerSchema,
  channel: z.enum(['voice', 'sms', 'email']),
  to: z.string().min(1).max(64),
  from: z.string().max(64).nullable(),
  forwardedFrom: z.string().max(64).nullable(),
  /** The resolver's refusal code, e.g. TENANT_NOT_RESOLVED or TENANT_SUSPENDED. */
  code: z.string().min(1).max(64),
  reason: z.string().max(500),
  /** The provider's id of the call or message (CallSid, MessageSid). */
  providerEventId: z.string().max(255).nullable(),
  createdAt: timestampSchema,
});
export type UnroutedEvent = z.infer<typeof unroutedEventSchema>;

export const recordUnroutedEventInputSchema = unroutedEventSchema
  .omit({ id: true, createdAt: true })
  .extend({
    from: unroutedEventSchema.shape.from.default(null),
    forwardedFrom: unroutedEventSchema.shape.forwardedFrom.default(null),
    providerEventId: unroutedEventSchema.shape.providerEventId.default(null),
  })
  .strict();
export type RecordUnroutedEventInput = z.input<typeof recordUnroutedEventInputSchema>;

/**
 * A tenant's own account at a provider (a Twilio subaccount). `sealedSecret` is the secret box's output, bound to
 * the tenant id as associated data: storage never sees the plain secret.
 */
export const providerAccountSchema = z.object({
  tenantId: idSchema,
  provider: providerSchema,
  accountId: z.string().min(1).max(255),
  sealedSecret: z.string().regex(/^v1\./, 'must be sealed by the secret box'),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type ProviderAccount = z.infer<typeof providerAccountSchema>;

export const putProviderAccountInputSchema = providerAccountSchema
  .pick({ provider: true, accountId: true, sealedSecret: true })
  .strict();
export type PutProviderAccountInput = z.input<typeof putProviderAccountInputSchema>;
