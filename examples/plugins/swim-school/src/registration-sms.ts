import { defineJob } from '@nuvatra/core';
import { z } from 'zod';
import type { SwimSchoolSettings } from './options.js';

export const registrationSmsJobName = 'swim-school.send-registration-sms';

/**
 * Sends a registration text recorded by `send_registration_link`. A job, so the voice AI's tool call never waits on
 * the SMS provider and a provider outage is retried (and lands in the admin API's dead letters), not lost.
 */
export function registrationSmsJob(settings: SwimSchoolSettings) {
  return defineJob({
    name: registrationSmsJobName,
    payload: z.object({ messageId: z.string().min(1) }).strict(),
    maxAttempts: 5,
    async handle({ payload, tenantId, withScope, log }) {
      const message = await withScope((scope) => scope.messages.get(payload.messageId));
      if (!message) return;
      const sms = { tenantId, from: message.from, to: message.to, body: message.body };
      if (!settings.sendSms) {
        log.warn('swim-school: no sendSms configured; the registration text was not sent', {
          tenantId,
          messageId: message.id,
        });
        return;
      }
      await settings.sendSms(sms);
    },
  });
}
