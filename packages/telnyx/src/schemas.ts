import { z } from 'zod';

// Telnyx's webhook payloads in Telnyx's own casing (API v2: `{ data: { record_type, id, event_type, occurred_at,
// payload }, meta }`), parsed once after the signature is verified. Telnyx adds fields without notice, so every
// object keeps the keys it does not name (`looseObject`).

const id = z.string().min(1).max(255);
const address = z.string().max(512);
const timestamp = z
  .string()
  .max(64)
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date')
  .transform((value) => new Date(value).toISOString());

/** Every event: what it is and its id (the same id on every retry of one event). */
export const eventSchema = z.looseObject({
  data: z.looseObject({
    record_type: z.string().max(64).optional(),
    id,
    event_type: z.string().min(1).max(128),
    occurred_at: timestamp.optional(),
    payload: z.unknown(),
  }),
  meta: z.looseObject({ attempt: z.number().optional(), delivered_to: z.string().optional() }).optional(),
});
export type TelnyxEvent = z.infer<typeof eventSchema>;

const endpoint = z.looseObject({
  phone_number: address.min(1),
  carrier: z.string().max(256).optional(),
  line_type: z.string().max(64).optional(),
});

/**
 * A message resource as Telnyx's messaging webhooks carry it: `message.received` (inbound), `message.sent` and
 * `message.finalized` (the delivery of one we sent; each recipient's state in `to[].status`).
 */
export const messagePayloadSchema = z.looseObject({
  record_type: z.literal('message').optional(),
  id,
  direction: z.enum(['inbound', 'outbound']),
  type: z.string().max(16).optional(),
  messaging_profile_id: z.string().max(255).nullish(),
  from: endpoint,
  to: z
    .array(endpoint.extend({ status: z.string().max(64).optional() }))
    .min(1)
    .max(50),
  text: z.string().max(100_000).nullish(),
  subject: z.string().max(1000).nullish(),
  media: z
    .array(
      z.looseObject({
        url: z.string().max(4096),
        content_type: z.string().max(255).nullish(),
        size: z.number().nullish(),
      }),
    )
    .max(20)
    .default([]),
  errors: z.array(z.looseObject({ code: z.string().optional(), title: z.string().optional() })).default([]),
  received_at: timestamp.nullish(),
  completed_at: timestamp.nullish(),
});
export type TelnyxMessagePayload = z.infer<typeof messagePayloadSchema>;

/** Call Control's `call.initiated`, `call.answered` and `call.hangup`. */
export const callPayloadSchema = z.looseObject({
  call_control_id: id,
  call_leg_id: id.optional(),
  call_session_id: id.optional(),
  connection_id: z.string().max(255).optional(),
  /** E.164, a SIP URI, or a withheld caller. */
  from: address.default(''),
  to: address.min(1),
  direction: z.enum(['incoming', 'outgoing']).optional(),
  caller_id_name: z.string().max(256).optional(),
  start_time: timestamp.optional(),
  end_time: timestamp.optional(),
  hangup_cause: z.string().max(64).optional(),
  hangup_source: z.string().max(64).optional(),
});
export type TelnyxCallPayload = z.infer<typeof callPayloadSchema>;

/** `call.conversation.ended`: an AI Assistant finished its conversation on a call. */
export const conversationEndedPayloadSchema = z.looseObject({
  assistant_id: id,
  call_control_id: id,
  call_leg_id: id.optional(),
  call_session_id: id.optional(),
  conversation_id: id,
  duration_sec: z.number().min(0).optional(),
  from: address.default(''),
  to: address.min(1),
  reason: z.string().max(200).nullish(),
});
export type TelnyxConversationEndedPayload = z.infer<typeof conversationEndedPayloadSchema>;

/**
 * `assistant.initialization`: sent to an assistant's `dynamic_variables_webhook_url` when a conversation starts.
 * `telnyx_agent_target` is the number (or SIP URI) that was called, `telnyx_end_user_target` the caller.
 */
export const assistantInitializationPayloadSchema = z.looseObject({
  telnyx_conversation_channel: z.string().max(64).optional(),
  telnyx_agent_target: address.min(1),
  telnyx_end_user_target: address.optional(),
  telnyx_end_user_target_verified: z.boolean().optional(),
  assistant_id: id.optional(),
  call_control_id: id.optional(),
});

/** `GET /ai/conversations/{id}/messages`: the conversation's turns. */
export const conversationMessageSchema = z.looseObject({
  role: z.string().max(32),
  text: z.string().max(20_000).default(''),
  created_at: z.string().max(64).optional(),
  sent_at: z.string().max(64).optional(),
});
export type TelnyxConversationMessage = z.infer<typeof conversationMessageSchema>;

/** `GET /ai/conversations/{id}/conversations-insights`: insight groups, each with its insights' results. */
export const conversationInsightsSchema = z.looseObject({
  data: z
    .array(
      z.looseObject({
        status: z.string().max(32),
        conversation_insights: z
          .array(z.looseObject({ insight_id: z.string().max(255), result: z.string().max(20_000) }))
          .default([]),
      }),
    )
    .default([]),
});
export type TelnyxConversationInsights = z.infer<typeof conversationInsightsSchema>;
