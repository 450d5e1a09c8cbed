import { type Logger, type NuvatraServices, parseOrThrow, type Storage } from '@nuvatra/core';
import { answerDynamicVariables } from './assistant.js';
import type { TelnyxJobs } from './jobs.js';
import { receiveMessage, recordDeliveryStatus } from './messaging.js';
import type { TelnyxConfig } from './options.js';
import { eventSchema } from './schemas.js';
import type { TelnyxVerifier } from './verify.js';
import { recordCallEvent, recordConversationEnded } from './voice.js';

export interface WebhookDeps {
  storage: Storage;
  services: NuvatraServices;
  log: Logger;
  config: TelnyxConfig;
  jobs: TelnyxJobs;
}

/**
 * One Telnyx event: verify (nothing is read before) → parse → hand it to its handler → answer 200. Telnyx retries
 * anything else, so events we do not use, and events for numbers nobody holds (kept for admins), are answered 200
 * too; only a forged event (403) or a failure of ours (5xx, retried) is not.
 */
export async function handleTelnyxEvent(
  request: Request,
  verify: TelnyxVerifier,
  deps: WebhookDeps,
): Promise<Response | { received: true }> {
  const event = parseOrThrow(eventSchema, await verify(request), 'Telnyx event');
  switch (event.data.event_type) {
    case 'assistant.initialization':
      return answerDynamicVariables(event, deps);
    case 'message.received':
      await receiveMessage(event, deps);
      break;
    case 'message.sent':
    case 'message.finalized':
      await recordDeliveryStatus(event, deps);
      break;
    case 'call.initiated':
    case 'call.answered':
    case 'call.hangup':
      await recordCallEvent(event, deps);
      break;
    case 'call.conversation.ended':
      await recordConversationEnded(event, deps);
      break;
    default:
      deps.log.info('telnyx: event not used', { eventType: event.data.event_type, eventId: event.data.id });
  }
  return { received: true };
}
