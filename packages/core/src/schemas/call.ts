import { z } from 'zod';
import { e164Schema, idSchema, metadataSchema, providerSchema, timestampSchema } from './common.js';

export const callStatusSchema = z.enum([
  'queued',
  'ringing',
  'in-progress',
  'completed',
  'busy',
  'failed',
  'no-answer',
  'canceled',
]);
export type CallStatus = z.infer<typeof callStatusSchema>;

export const transcriptMessageSchema = z.object({
  role: z.enum(['assistant', 'user', 'system', 'tool']),
  text: z.string().max(20_000),
  /** Seconds from the start of the call. */
  secondsFromStart: z.number().min(0).optional(),
});

const callFields = {
  provider: providerSchema,
  providerCallId: z.string().min(1).max(255),
  direction: z.enum(['inbound', 'outbound']),
  /** null when the caller withheld their number. */
  from: e164Schema.nullable(),
  to: e164Schema,
  forwardedFrom: e164Schema.nullable(),
  status: callStatusSchema,
  startedAt: timestampSchema.nullable(),
  endedAt: timestampSchema.nullable(),
  durationSeconds: z.number().min(0).nullable(),
  transcript: z.string().max(500_000).nullable(),
  messages: z.array(transcriptMessageSchema).max(5_000),
  recordingUrl: z.url().nullable(),
  summary: z.string().max(20_000).nullable(),
  outcome: z.string().max(100).nullable(),
  endedReason: z.string().max(200).nullable(),
  intent: z.string().max(64).nullable(),
  cost: z.number().min(0).nullable(),
  metadata: metadataSchema,
};

export const callSchema = z.object({
  id: idSchema,
  tenantId: idSchema,
  ...callFields,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Call = z.infer<typeof callSchema>;

export const createCallInputSchema = z
  .object({
    provider: callFields.provider,
    providerCallId: callFields.providerCallId,
    direction: callFields.direction.default('inbound'),
    from: callFields.from.default(null),
    to: callFields.to,
    forwardedFrom: callFields.forwardedFrom.default(null),
    status: callFields.status.default('queued'),
    startedAt: callFields.startedAt.default(null),
    endedAt: callFields.endedAt.default(null),
    durationSeconds: callFields.durationSeconds.default(null),
    transcript: callFields.transcript.default(null),
    messages: callFields.messages.default([]),
    recordingUrl: callFields.recordingUrl.default(null),
    summary: callFields.summary.default(null),
    outcome: callFields.outcome.default(null),
    endedReason: callFields.endedReason.default(null),
    intent: callFields.intent.default(null),
    cost: callFields.cost.default(null),
    metadata: callFields.metadata.default({}),
  })
  .strict();
export type CreateCallInput = z.input<typeof createCallInputSchema>;

export const updateCallInputSchema = z
  .object(callFields)
  .omit({ provider: true, providerCallId: true, to: true, direction: true })
  .partial()
  .strict();
export type UpdateCallInput = z.input<typeof updateCallInputSchema>;
