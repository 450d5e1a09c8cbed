import type { CreateCallInput, TenantScope } from '@nuvatra/core';
import type { DemoActivity, DemoCall } from './demo-activity.js';
import type { SeedClock } from './seed-clock.js';

const hour = 60 * 60 * 1000;
const day = 24 * hour;

export interface ActivitySeedOptions {
  /** When the seed runs; the demo's past is counted back from it. */
  seededAt: Date;
  clock?: SeedClock;
  /** The recording URL of the call at this position in the demo (1-based), or null for none. */
  recordingUrl: (position: number) => string | null;
  /** Where this tenant's calls start in the demo's numbering of recordings. */
  firstPosition: number;
}

/**
 * Adds what is missing of a tenant's demo activity: intents by name, calls by providerCallId (with the booking each
 * made), SMS by provider message id. A stored call only has its recording URL brought up to date (the port may
 * have changed).
 */
export async function seedActivity(scope: TenantScope, activity: DemoActivity, options: ActivitySeedOptions) {
  const at = <T>(time: Date, work: () => Promise<T>) => (options.clock ? options.clock.at(time, work) : work());
  const intentNames = new Set((await scope.intents.all()).map((intent) => intent.name));
  for (const intent of activity.intents) {
    if (!intentNames.has(intent.name)) await scope.intents.create(intent);
  }

  let position = options.firstPosition;
  for (const call of activity.calls) {
    const recordingUrl = options.recordingUrl(position++);
    const stored = await scope.calls.getByProviderCallId('vapi', `demo-${call.key}`);
    if (stored) {
      if (stored.recordingUrl !== recordingUrl) await scope.calls.update(stored.id, { recordingUrl });
      continue;
    }
    const input = toCallInput(call, options.seededAt, recordingUrl);
    await at(new Date(input.startedAt ?? options.seededAt), async () => {
      const created = await scope.calls.create(input);
      if (call.appointment) {
        const { inDays, hour: startHour, minutes, service, partySize, customerName } = call.appointment;
        const startsAt = new Date(options.seededAt.getTime() + inDays * day);
        startsAt.setUTCHours(startHour, 0, 0, 0);
        await scope.appointments.create({
          callId: created.id,
          customerName,
          customerPhone: call.from,
          service: service ?? null,
          partySize: partySize ?? null,
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + minutes * 60_000).toISOString(),
        });
      }
    });
  }

  const { sms } = activity;
  const threadStart = options.seededAt.getTime() - sms.ago.days * day - sms.ago.hours * hour;
  const conversation = await at(new Date(threadStart), () => scope.conversations.findOrCreate('sms', sms.participant));
  for (const [index, [direction, body]] of sms.messages.entries()) {
    // A few minutes between texts; a repeated provider id is not stored twice, so a restart adds nothing.
    await at(new Date(threadStart + index * 4 * 60_000), () =>
      scope.messages.append(conversation.id, {
        direction,
        body,
        from: direction === 'inbound' ? sms.participant : sms.line,
        to: direction === 'inbound' ? sms.line : sms.participant,
        provider: 'twilio',
        providerMessageId: `demo-${scope.tenant.slug}-sms-${index + 1}`,
        status: direction === 'inbound' ? 'received' : 'delivered',
      }),
    );
  }
}

/** The stored shape of a demo call: timings follow from how long each line takes to say. */
function toCallInput(call: DemoCall, seededAt: Date, recordingUrl: string | null): CreateCallInput {
  const startedAt = new Date(seededAt.getTime() - call.ago.days * day - call.ago.hours * hour);
  let seconds = 0;
  const messages = call.turns.map(([role, text]) => {
    const message = { role, text, secondsFromStart: Math.round(seconds * 10) / 10 };
    // About two words a second, and a pause before the other side answers.
    seconds += 2.5 + text.split(/\s+/).length * 0.5;
    return message;
  });
  const durationSeconds = Math.round(seconds + 2);
  return {
    provider: 'vapi',
    providerCallId: `demo-${call.key}`,
    from: call.from,
    to: call.to,
    forwardedFrom: call.forwardedFrom ?? null,
    status: 'completed',
    startedAt: startedAt.toISOString(),
    endedAt: new Date(startedAt.getTime() + durationSeconds * 1000).toISOString(),
    durationSeconds,
    messages,
    transcript: messages.map(({ role, text }) => `${role === 'assistant' ? 'AI' : 'User'}: ${text}`).join('\n'),
    recordingUrl,
    summary: call.summary,
    outcome: call.outcome,
    endedReason: call.endedReason,
    intent: call.intent,
    cost: Math.round(durationSeconds * 0.15) / 100,
  };
}
