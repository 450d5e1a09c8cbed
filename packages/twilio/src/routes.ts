import { type AnyRoute, defineRoute } from '@nuvatra/core';
import type { TwilioConfig } from './options.js';
import { webhookPaths } from './provision.js';
import { receiveMessage } from './sms.js';
import { recordCallStatus } from './status.js';
import { answerCall } from './voice.js';

const signed = {
  403: { description: 'X-Twilio-Signature missing or not valid for this URL, body and account' },
  415: { description: 'Not application/x-www-form-urlencoded' },
};

/** The three webhooks a Twilio number is pointed at. Each verifies Twilio's signature before anything else. */
export function webhookRoutes(config: TwilioConfig): AnyRoute[] {
  const paths = webhookPaths(config);
  return [
    defineRoute({
      method: 'POST',
      path: paths.voiceUrl,
      auth: 'provider',
      signsUrl: true,
      summary: "Twilio voice webhook: hands the tenant's call to its voice agent, or answers politely",
      tags: ['twilio'],
      bodyLimit: config.bodyLimit,
      responses: { 200: { description: 'TwiML' }, ...signed },
      handle: (context) => answerCall(context, config),
    }),
    defineRoute({
      method: 'POST',
      path: paths.statusCallback,
      auth: 'provider',
      signsUrl: true,
      summary: 'Twilio call status callback: updates the stored call once per status',
      tags: ['twilio'],
      bodyLimit: config.bodyLimit,
      responses: { 200: { description: 'Empty TwiML' }, ...signed },
      handle: (context) => recordCallStatus(context, config),
    }),
    defineRoute({
      method: 'POST',
      path: paths.smsUrl,
      auth: 'provider',
      signsUrl: true,
      summary: "Twilio messaging webhook: stores an inbound SMS in the tenant's conversation with the sender",
      tags: ['twilio'],
      bodyLimit: config.bodyLimit,
      responses: { 200: { description: 'Empty TwiML' }, ...signed },
      handle: (context) => receiveMessage(context, config),
    }),
  ];
}
