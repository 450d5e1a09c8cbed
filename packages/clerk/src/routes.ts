import { type AnyRoute, defineRoute, parseOrThrow } from '@nuvatra/core';
import { Webhook } from 'svix';
import { eventHandlers } from './events.js';
import type { ClerkWebhooksConfig } from './options.js';
import { provisionOrganizationJob } from './organizations.js';
import { eventEnvelopeSchema, organizationSchema } from './schemas.js';
import { verifyClerkWebhook } from './verify.js';

/** The endpoint Clerk's dashboard (Webhooks → Add endpoint) points at. */
export function webhookRoutes(config: ClerkWebhooksConfig): AnyRoute[] {
  const webhook = new Webhook(config.signingSecret);
  return [
    defineRoute({
      method: 'POST',
      path: config.path,
      auth: 'provider',
      summary: 'Clerk webhooks (through Svix): keeps tenants, their members and users in step with Clerk',
      tags: ['clerk'],
      bodyLimit: config.bodyLimit,
      responses: {
        200: { description: 'Applied, applied before (duplicate), or a type this endpoint does not handle' },
        400: { description: 'A handled event whose data is not shaped like Clerk’s' },
        403: { description: 'Svix headers missing, signature not matching, or timestamp more than 5 minutes off' },
        409: { description: 'A membership of an organisation that has no tenant yet: Svix delivers it again' },
      },
      async handle({ request, storage, services }) {
        const { messageId, payload } = await verifyClerkWebhook(request, webhook, config.bodyLimit);
        const event = parseOrThrow(eventEnvelopeSchema, payload, 'Clerk event');
        const apply = eventHandlers.get(event.type);
        if (!apply) return { received: true, type: event.type, handled: false };
        if (event.type === 'organization.created' && services.jobs.available) {
          const organization = parseOrThrow(organizationSchema, event.data, 'organization');
          const { created } = await services.jobs.enqueue(
            provisionOrganizationJob,
            { organization, messageId },
            { global: true, idempotencyKey: `organization:${organization.id}` },
          );
          return { received: true, type: event.type, handled: true, queued: true, duplicate: !created };
        }
        const { duplicate } = await apply(event.data, { storage, services, messageId });
        return { received: true, type: event.type, handled: true, duplicate };
      },
    }),
  ];
}
