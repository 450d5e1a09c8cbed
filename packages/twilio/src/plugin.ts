import { definePlugin, type NuvatraPlugin } from '@nuvatra/core';
import { accountRoutes } from './account.js';
import { parseTwilioOptions, type TwilioOptions } from './options.js';
import { provisioningHooks, provisioningJobs } from './provision.js';
import { webhookRoutes } from './routes.js';

/**
 * Twilio as a Nuvatra plugin: signed voice, status and SMS webhooks tied to the right tenant, calls handed to the
 * voice agent, numbers pointed at this deployment when tenants register them, and tenants' own subaccounts.
 * Options are checked here: a bad one throws CONFIG_INVALID at start-up.
 */
export function twilio(options: TwilioOptions = {}): NuvatraPlugin {
  const config = parseTwilioOptions(options);
  const provisioning = provisioningJobs(config);
  return definePlugin({
    name: 'twilio',
    routes: [...webhookRoutes(config), ...accountRoutes(config)],
    hooks: provisioningHooks(config, provisioning),
    jobs: provisioning.jobs,
  });
}
