import { createHttpError, defineJob, e164Schema, type JobEnqueuer, type TenantScope } from '@nuvatra/core';
import { z } from 'zod';
import { createTelnyxClient, credentialsFor } from './client.js';
import { insightsPending, summaryOf, toTranscript } from './map.js';
import type { TelnyxConfig } from './options.js';

/** The job that sends an SMS through the tenant's Telnyx channel: enqueue it by this name from any plugin. */
export const sendSmsJobName = 'telnyx.send-sms';

const sendSmsPayloadSchema = z
  .object({
    to: e164Schema,
    text: z.string().trim().min(1).max(1600),
    /** One of the tenant's own numbers; by default its first Telnyx number, else the profile's number pool. */
    from: e164Schema.optional(),
  })
  .strict();
export type TelnyxSmsInput = z.input<typeof sendSmsPayloadSchema>;

const transcriptPayloadSchema = z.object({ callId: z.string().min(1), conversationId: z.string().min(1) }).strict();

/**
 * Sends an SMS from the calling tenant's Telnyx channel in the background: its own API key and messaging profile
 * (else the deployment's), recorded as an outbound message of its conversation with `to`. Call it inside the
 * tenant's scope (a route, a tool, a hook, a job): the tenant is that one, and no other can be named. A repeated
 * `idempotencyKey` sends once.
 */
export function sendTelnyxSms(jobs: JobEnqueuer, message: TelnyxSmsInput & { idempotencyKey?: string }) {
  const { idempotencyKey, ...payload } = message;
  return jobs.enqueue(sendSmsJobName, payload, idempotencyKey ? { idempotencyKey } : {});
}

/** The sender: a number the tenant owns (never another tenant's), its Telnyx one by default; null for the pool. */
async function senderFor(scope: TenantScope, requested: string | undefined): Promise<string | null> {
  const owned = (await scope.phoneNumbers.list()).filter((number) => number.kind === 'owned');
  if (requested) {
    if (!owned.some((number) => number.e164 === requested)) {
      throw createHttpError('FORBIDDEN', `${requested} is not one of this tenant's own numbers.`);
    }
    return requested;
  }
  return owned.find((number) => number.provider === 'telnyx')?.e164 ?? null;
}

export function telnyxJobs(config: TelnyxConfig) {
  const sendSms = defineJob({
    name: sendSmsJobName,
    payload: sendSmsPayloadSchema,
    // A send that failed after Telnyx accepted it would send twice on retry; three attempts bound that.
    maxAttempts: 3,
    async handle({ payload, withScope, services }) {
      const { credentials, from } = await withScope(async (scope) => ({
        credentials: await credentialsFor(scope, config, services.secretBox),
        from: await senderFor(scope, payload.from),
      }));
      if (!credentials) {
        throw createHttpError(
          'CONFIG_INVALID',
          'No Telnyx account to send with: register one with PUT /api/telnyx/account, or set TELNYX_API_KEY.',
        );
      }
      const client = createTelnyxClient(credentials.apiKey, config);
      const sent = await client.sendMessage({
        from,
        to: payload.to,
        text: payload.text,
        messagingProfileId: credentials.messagingProfileId,
      });
      await withScope(async (scope) => {
        const conversation = await scope.conversations.findOrCreate('sms', payload.to);
        await scope.messages.append(conversation.id, {
          direction: 'outbound',
          body: payload.text,
          from: sent.from ?? from ?? 'number-pool',
          to: payload.to,
          provider: 'telnyx',
          providerMessageId: sent.id,
          status: sent.status,
        });
      });
    },
  });

  const fetchTranscript = defineJob({
    name: 'telnyx.conversation-transcript',
    payload: transcriptPayloadSchema,
    backoffMs: 30_000,
    async handle({ payload, withScope, services }) {
      const credentials = await withScope((scope) => credentialsFor(scope, config, services.secretBox));
      if (!credentials) {
        throw createHttpError('CONFIG_INVALID', 'No Telnyx API key to fetch the conversation with.');
      }
      const client = createTelnyxClient(credentials.apiKey, config);
      const turns = await client.conversationMessages(payload.conversationId);
      const insights = await client.conversationInsights(payload.conversationId);
      const summary = summaryOf(insights);
      await withScope(async (scope) => {
        const call = await scope.calls.get(payload.callId);
        if (!call) return;
        const { transcript, messages } = toTranscript(turns, call.startedAt);
        await scope.calls.update(call.id, { transcript, messages, ...(summary ? { summary } : {}) });
      });
      // Insights are generated after the conversation ends; the transcript is kept, the summary is tried again.
      if (!summary && insightsPending(insights))
        throw new Error('Telnyx is still generating the conversation insights.');
    },
  });

  return { sendSms, fetchTranscript };
}
export type TelnyxJobs = ReturnType<typeof telnyxJobs>;
