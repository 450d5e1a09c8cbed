import { definePlugin, type NuvatraPlugin } from '@nuvatra/core';
import { accountRoutes } from './account.js';
import { telnyxJobs } from './jobs.js';
import { parseTelnyxOptions, type TelnyxOptions } from './options.js';
import { telnyxRoutes } from './routes.js';
import { createTelnyxVerifier } from './verify.js';

/**
 * Telnyx as a Nuvatra plugin: every webhook verified with ed25519 before it is read and tied to the tenant whose
 * number it names; inbound SMS and calls stored once; the AI Assistant's dynamic variables answered per call; SMS
 * sent through each tenant's own messaging profile by a job. Options are checked here: a bad one throws
 * CONFIG_INVALID at start-up. Needs a job queue (`createNuvatra({ jobs: { driver } })`).
 */
export function telnyx(options: TelnyxOptions = {}): NuvatraPlugin {
  const config = parseTelnyxOptions(options);
  const jobs = telnyxJobs(config);
  return definePlugin({
    name: 'telnyx',
    routes: [...telnyxRoutes(config, createTelnyxVerifier(config), jobs), ...accountRoutes(config)],
    jobs: [jobs.sendSms, jobs.fetchTranscript],
  });
}
