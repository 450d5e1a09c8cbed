import {
  createHttpError,
  e164Schema,
  type TenantScope,
  type ToolCallOrigin,
  tryNormalizePhoneNumber,
} from '@nuvatra/core';
import { z } from 'zod';
import { findClass } from '../classes.js';
import type { SwimSchoolSettings } from '../options.js';
import { createRegistrationLink } from '../registration-link.js';
import { registrationSmsJobName } from '../registration-sms.js';
import { defineSchemaTool } from './define-tool.js';

const args = z
  .object({
    classId: z.string().min(1).describe('A class id from get_classes'),
    phone: e164Schema.optional().describe("The parent's mobile number in E.164; the caller's number when left out"),
    childName: z.string().trim().min(1).max(100).optional().describe("The child's first name, to prefill the form"),
    childAge: z.number().int().min(0).max(99).optional().describe("The child's age, to prefill the form"),
  })
  .strict();

/**
 * `send_registration_link`: texts the family a prefilled registration link from the school's own number. The text is
 * recorded in the tenant's SMS conversation with the family (so staff see it) and sent by a job, or at once when the
 * deployment has no job queue.
 */
export function sendRegistrationLinkTool(settings: SwimSchoolSettings) {
  return defineSchemaTool({
    description: "Texts the parent a link to the registration form for a class, prefilled with the child's details.",
    args,
    async handle({ scope, jobs, call }, input) {
      const swimClass = await findClass(scope, input.classId);
      if (!swimClass) throw createHttpError('NOT_FOUND', `There is no class "${input.classId}"; ask get_classes.`);
      const to = input.phone ?? (await callerOf(scope, call));
      if (!to) throw createHttpError('VALIDATION_FAILED', "Ask for the parent's mobile number and pass it as phone.");
      const from = (await scope.phoneNumbers.list()).find((number) => number.kind === 'owned')?.e164;
      if (!from) throw createHttpError('CONFLICT', 'This school has no number of its own to text from.');

      const link = await createRegistrationLink(settings.signer, {
        registrationUrl: settings.registrationUrl,
        tenantId: scope.tenantId,
        classId: swimClass.id,
        ...(input.childName ? { childName: input.childName } : {}),
        ...(input.childAge === undefined ? {} : { childAge: input.childAge }),
      });
      const who = input.childName ?? 'your child';
      const body = `${scope.tenant.name}: register ${who} for ${swimClass.title} (${swimClass.weekday} ${swimClass.startTime}): ${link}`;
      // Without a job queue the text goes out now, inside the call; if sending fails nothing is recorded.
      const inline = !jobs.available;
      if (inline && settings.sendSms) await settings.sendSms({ tenantId: scope.tenantId, from, to, body });
      const conversation = await scope.conversations.findOrCreate('sms', to);
      const { message } = await scope.messages.append(conversation.id, {
        direction: 'outbound',
        body,
        from,
        to,
        status: inline ? (settings.sendSms ? 'sent' : 'not_sent') : 'queued',
        metadata: { plugin: 'swim-school', classId: swimClass.id },
      });
      // Enqueued in this tenant's scope: it commits with the message, or neither happens.
      if (!inline) await jobs.enqueue(registrationSmsJobName, { messageId: message.id });
      return { sent: true, to, class: swimClass.title };
    },
  });
}

/** The caller's number, when the voice provider named its call and we stored it (a Twilio or Vapi call). */
async function callerOf(scope: TenantScope, call: ToolCallOrigin | null): Promise<string | null> {
  if (!call || (call.provider !== 'vapi' && call.provider !== 'telnyx' && call.provider !== 'twilio')) return null;
  const stored = await scope.calls.getByProviderCallId(call.provider, call.providerCallId);
  return stored?.from ? tryNormalizePhoneNumber(stored.from) : null;
}
