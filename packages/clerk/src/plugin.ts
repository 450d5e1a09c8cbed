import { definePlugin, type NuvatraPlugin } from '@nuvatra/core';
import { type ClerkWebhooksOptions, parseClerkWebhooksOptions } from './options.js';
import { provisionOrganizationJob } from './organizations.js';
import { webhookRoutes } from './routes.js';

/**
 * Clerk's webhooks as a Nuvatra plugin: `POST /api/webhooks/clerk`, verified with Svix before it is read, keeps
 * tenants (one per organisation), their members and users in step with Clerk, each event once. Options are
 * checked here: a missing or malformed signing secret throws CONFIG_INVALID at start-up.
 */
export function clerkWebhooks(options: ClerkWebhooksOptions = {}): NuvatraPlugin {
  const config = parseClerkWebhooksOptions(options);
  return definePlugin({ name: 'clerk', routes: webhookRoutes(config), jobs: [provisionOrganizationJob] });
}
