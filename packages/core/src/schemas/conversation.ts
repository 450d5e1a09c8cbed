import { z } from 'zod';
import { idSchema, metadataSchema, providerSchema, timestampSchema } from './common.js';

export const channelSchema = z.enum(['sms', 'whatsapp', 'email', 'voice', 'web']);
export type Channel = z.infer<typeof channelSchema>;

export const conversationSchema = z.object({
  id: idSchema,
  tenantId: idSchema,
  channel: channelSchema,
  /** The other party: an E.164 number for sms/voice, an address for email. */
  participant: z.string().min(1).max(320),
  subject: z.string().max(500).nullable(),
  lastMessageAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Conversation = z.infer<typeof conversationSchema>;

export const createConversationInputSchema = z
  .object({
    channel: channelSchema,
    participant: conversationSchema.shape.participant,
    subject: conversationSchema.shape.subject.default(null),
  })
  .strict();
export type CreateConversationInput = z.input<typeof createConversationInputSchema>;

export const messageSchema = z.object({
  id: idSchema,
  tenantId: idSchema,
  conversationId: idSchema,
  direction: z.enum(['inbound', 'outbound']),
  body: z.string().max(100_000),
  from: z.string().min(1).max(320),
  to: z.string().min(1).max(320),
  provider: providerSchema.nullable(),
  /** The provider's id (Twilio MessageSid, Telnyx message id): a repeated one is stored once. */
  providerMessageId: z.string().min(1).max(255).nullable(),
  status: z.string().max(50).nullable(),
  metadata: metadataSchema,
  createdAt: timestampSchema,
});
export type Message = z.infer<typeof messageSchema>;

export const appendMessageInputSchema = z
  .object({
    direction: messageSchema.shape.direction,
    body: messageSchema.shape.body,
    from: messageSchema.shape.from,
    to: messageSchema.shape.to,
    provider: messageSchema.shape.provider.default(null),
    providerMessageId: messageSchema.shape.providerMessageId.default(null),
    status: messageSchema.shape.status.default(null),
    metadata: metadataSchema.default({}),
  })
  .strict()
  // A provider id is unique per provider; without the provider it could not be deduplicated (NULLs never collide).
  .refine((message) => message.providerMessageId === null || message.provider !== null, {
    message: 'providerMessageId needs provider (e.g. "twilio").',
    path: ['provider'],
  });
export type AppendMessageInput = z.input<typeof appendMessageInputSchema>;

/**
 * How far a message we sent has got, in order: queued → sending → sent → delivered. `undelivered` (the carrier
 * could not deliver it) and `failed` (it was never sent) end it like `delivered` does.
 */
export const messageDeliveryStatusSchema = z.enum(['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed']);
export type MessageDeliveryStatus = z.infer<typeof messageDeliveryStatusSchema>;

export const messageStatusUpdateSchema = z
  .object({
    status: messageDeliveryStatusSchema,
    /** Why the provider could not send or deliver it, in its words. */
    error: z
      .object({
        code: z.string().max(64).nullable().default(null),
        message: z.string().max(1000).nullable().default(null),
      })
      .strict()
      .optional(),
    /** When the provider says the status was reached; now by default. */
    at: timestampSchema.optional(),
  })
  .strict();
export type MessageStatusUpdate = z.input<typeof messageStatusUpdateSchema>;
