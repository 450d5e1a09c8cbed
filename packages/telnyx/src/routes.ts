import { type AnyRoute, defineRoute, e164Schema, json } from '@nuvatra/core';
import { z } from 'zod';
import { sendTelnyxSms, type TelnyxJobs } from './jobs.js';
import type { TelnyxConfig } from './options.js';
import type { TelnyxVerifier } from './verify.js';
import { handleTelnyxEvent } from './webhook.js';

const sendBodySchema = z
  .object({
    to: e164Schema,
    text: z.string().trim().min(1).max(1600),
    /** A second request with the same key sends nothing more (a double-clicked "Send"). */
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .strict();

/**
 * The webhook every Telnyx product posts to (messaging profile, Call Control application, AI Assistant events and
 * its dynamic-variables webhook), and the dashboard's "send an SMS" through the tenant's Telnyx channel.
 */
export function telnyxRoutes(config: TelnyxConfig, verify: TelnyxVerifier, jobs: TelnyxJobs): AnyRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: config.webhookPath,
      auth: 'provider',
      summary: "Telnyx webhook: messages, calls and the AI Assistant's events and dynamic variables, per tenant",
      tags: ['telnyx'],
      bodyLimit: config.bodyLimit,
      responses: {
        200: { description: '{ received: true }, or the dynamic variables for assistant.initialization' },
        403: { description: 'Signature or timestamp not valid; or an assistant not registered for the number' },
      },
      handle: ({ request, storage, services, log }) =>
        handleTelnyxEvent(request, verify, { storage, services, log, config, jobs }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/telnyx/messages',
      auth: 'user',
      summary: "Send an SMS from the tenant's Telnyx channel (queued; recorded in its conversation once sent)",
      tags: ['telnyx'],
      body: sendBodySchema,
      responses: { 202: { description: 'Queued', schema: z.object({ jobId: z.string() }) } },
      async handle({ body, services }) {
        const { job } = await sendTelnyxSms(services.jobs, body);
        return json({ jobId: job.id }, { status: 202 });
      },
    }),
  ];
}
