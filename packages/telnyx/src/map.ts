import {
  type AppendMessageInput,
  type Call,
  type CallStatus,
  type CreateCallInput,
  type MessageDeliveryStatus,
  type MessageStatusUpdate,
  tryNormalizePhoneNumber,
  type UpdateCallInput,
  type VoiceProfile,
  type Weekday,
} from '@nuvatra/core';
import type {
  TelnyxCallPayload,
  TelnyxConversationEndedPayload,
  TelnyxConversationInsights,
  TelnyxConversationMessage,
  TelnyxMessagePayload,
} from './schemas.js';

// Telnyx's wire shapes → Nuvatra's domain, in one place. Pure functions: no I/O.

const withheld = new Set(['anonymous', 'restricted', 'private', 'unknown', 'unavailable', 'blocked']);

/**
 * The phone number in an address as Telnyx writes one: `+15551111111`, or a SIP URI whose user part is a number
 * (`sip:+15551111111@sip.telnyx.com`). null for anything else (`jamesw@assistant-….sip.telnyx.com`, a withheld
 * caller): such an address is nobody's number, so it can name no tenant.
 */
export function numberFromAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const text = address.trim();
  const uri = /^(?:sips?:)?([^@;]+)@/i.exec(text);
  const user = (uri ? uri[1] : text.replace(/^tel:/i, '').split(';')[0])?.trim() ?? '';
  if (user === '' || withheld.has(user.toLowerCase())) return null;
  return tryNormalizePhoneNumber(user);
}

/** An inbound SMS/MMS as a message of the sender's SMS conversation. */
export function toInboundMessage(payload: TelnyxMessagePayload, to: string): AppendMessageInput {
  const from = numberFromAddress(payload.from.phone_number) ?? payload.from.phone_number;
  const media = payload.media.map((item) => ({ url: item.url, contentType: item.content_type ?? null }));
  return {
    direction: 'inbound',
    body: payload.text ?? '',
    from,
    to,
    provider: 'telnyx',
    providerMessageId: payload.id,
    status: 'received',
    metadata: {
      ...(media.length > 0 ? { media } : {}),
      ...(payload.subject ? { subject: payload.subject } : {}),
    },
  };
}

// Telnyx's per-recipient states of a message we sent. `delivery_unconfirmed` is final at Telnyx, but the carrier
// never said whether it arrived: sent is all that is known.
const deliveryStatuses: Record<string, MessageDeliveryStatus> = {
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  delivery_unconfirmed: 'sent',
  sending_failed: 'failed',
  delivery_failed: 'undelivered',
};

/** The delivery state Telnyx reports for a message we sent (one recipient: ours are never group messages). */
export function deliveryStatusOf(payload: TelnyxMessagePayload): string | null {
  return payload.to[0]?.status ?? null;
}

/**
 * What a `message.sent` / `message.finalized` says about the stored message: its status, when it was reached, and
 * Telnyx's first error. null for a state Telnyx may add later.
 */
export function toMessageStatusUpdate(payload: TelnyxMessagePayload, occurredAt?: string): MessageStatusUpdate | null {
  const status = deliveryStatuses[deliveryStatusOf(payload) ?? ''];
  if (!status) return null;
  const at = occurredAt ?? payload.completed_at ?? undefined;
  const [error] = payload.errors;
  return {
    status,
    ...(at ? { at } : {}),
    ...(error ? { error: { code: error.code ?? null, message: error.title ?? null } } : {}),
  };
}

const ended = new Set<CallStatus>(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const stage = (status: CallStatus) =>
  ended.has(status) ? 3 : status === 'in-progress' ? 2 : status === 'ringing' ? 1 : 0;

const hangupStatuses: Record<string, CallStatus> = {
  normal_clearing: 'completed',
  time_limit: 'completed',
  unspecified: 'completed',
  originator_cancel: 'canceled',
  timeout: 'no-answer',
  no_answer: 'no-answer',
  user_busy: 'busy',
  call_rejected: 'busy',
  not_found: 'failed',
};

/** The call's status after a Call Control event; null for events that say nothing about it. */
export function toCallStatus(eventType: string, payload: TelnyxCallPayload, answered: boolean): CallStatus | null {
  if (eventType === 'call.initiated') return 'ringing';
  if (eventType === 'call.answered') return 'in-progress';
  if (eventType !== 'call.hangup') return null;
  const status = hangupStatuses[payload.hangup_cause ?? 'unspecified'] ?? 'completed';
  // A call never answered did not complete, whatever the cause says ("normal_clearing" before an answer).
  return status === 'completed' && !answered ? 'canceled' : status;
}

/** A new call from a Call Control event, between two numbers already read (ours is `to` of an incoming call). */
export function toCallInput(payload: TelnyxCallPayload, parties: { from: string | null; to: string }): CreateCallInput {
  return {
    provider: 'telnyx',
    providerCallId: payload.call_control_id,
    direction: payload.direction === 'outgoing' ? 'outbound' : 'inbound',
    from: parties.from,
    to: parties.to,
    status: 'queued',
    metadata: {
      ...(payload.call_session_id ? { callSessionId: payload.call_session_id } : {}),
      ...(payload.caller_id_name ? { callerName: payload.caller_id_name } : {}),
    },
  };
}

/**
 * What a Call Control event changes on a stored call. Events may arrive out of order, so a call never moves back
 * (a late `call.answered` after `call.hangup` changes nothing).
 */
export function toCallUpdate(
  stored: Call,
  eventType: string,
  payload: TelnyxCallPayload,
  occurredAt: string,
): UpdateCallInput {
  const status = toCallStatus(eventType, payload, stored.startedAt !== null);
  if (!status || stage(status) < stage(stored.status) || (ended.has(stored.status) && status !== stored.status))
    return {};
  const update: UpdateCallInput = status === stored.status ? {} : { status };
  if (status === 'in-progress' && !stored.startedAt) update.startedAt = occurredAt;
  if (ended.has(status) && !stored.endedAt) {
    const endedAt = payload.end_time ?? occurredAt;
    update.endedAt = endedAt;
    if (stored.startedAt) {
      update.durationSeconds = Math.max(0, Math.round((Date.parse(endedAt) - Date.parse(stored.startedAt)) / 1000));
    }
    if (payload.hangup_cause) update.endedReason = payload.hangup_cause;
  }
  return update;
}

/** What an AI Assistant's `call.conversation.ended` adds to the call. */
export function toConversationEndedUpdate(
  stored: Call,
  payload: TelnyxConversationEndedPayload,
  occurredAt: string,
): UpdateCallInput {
  const update: UpdateCallInput = {
    metadata: {
      ...stored.metadata,
      agent: 'telnyx',
      assistantId: payload.assistant_id,
      conversationId: payload.conversation_id,
    },
  };
  if (!ended.has(stored.status)) update.status = 'completed';
  if (!stored.endedAt) update.endedAt = occurredAt;
  if (stored.durationSeconds === null && payload.duration_sec !== undefined)
    update.durationSeconds = payload.duration_sec;
  if (!stored.endedReason && payload.reason) update.endedReason = payload.reason;
  return update;
}

const roles: Record<string, 'assistant' | 'user' | 'tool'> = { assistant: 'assistant', user: 'user', tool: 'tool' };

/** The conversation's turns as the call's transcript: one line per turn, and the turns themselves. */
export function toTranscript(turns: readonly TelnyxConversationMessage[], startedAt: string | null) {
  const start = startedAt ? Date.parse(startedAt) : Number.NaN;
  // Telnyx lists the newest turn first.
  const ordered = [...turns].sort(
    (a, b) => Date.parse(a.sent_at ?? a.created_at ?? '') - Date.parse(b.sent_at ?? b.created_at ?? ''),
  );
  const messages = ordered
    .filter((turn) => roles[turn.role] && turn.text.trim() !== '')
    .map((turn) => {
      const at = Date.parse(turn.sent_at ?? turn.created_at ?? '');
      const seconds = (at - start) / 1000;
      return {
        role: roles[turn.role] ?? 'user',
        text: turn.text,
        ...(Number.isFinite(seconds) && seconds >= 0 ? { secondsFromStart: seconds } : {}),
      };
    });
  const transcript = messages.map((message) => `${message.role === 'assistant' ? 'AI' : 'User'}: ${message.text}`);
  return { transcript: transcript.join('\n'), messages };
}

/** The first completed insight's text: what the assistant's insight group (a summary, by default) produced. */
export function summaryOf(insights: TelnyxConversationInsights): string | null {
  for (const group of insights.data) {
    if (group.status !== 'completed') continue;
    const result = group.conversation_insights.find((insight) => insight.result.trim() !== '')?.result;
    if (result) return result.trim();
  }
  return null;
}

export function insightsPending(insights: TelnyxConversationInsights): boolean {
  return insights.data.some((group) => group.status === 'pending' || group.status === 'in_progress');
}

const weekdays: ReadonlyArray<[Weekday, string]> = [
  ['mon', 'Monday'],
  ['tue', 'Tuesday'],
  ['wed', 'Wednesday'],
  ['thu', 'Thursday'],
  ['fri', 'Friday'],
  ['sat', 'Saturday'],
  ['sun', 'Sunday'],
];

/**
 * The tenant's profile as the assistant's `dynamic_variables`: flat strings its instructions and greeting name as
 * `{{business_name}}`, `{{greeting}}`, `{{hours}}`, `{{services}}`, …
 */
export function toDynamicVariables(profile: VoiceProfile): Record<string, string> {
  const { config, tenant } = profile;
  const language = config?.languages[0] ?? 'en';
  const greetings = config?.greeting ?? {};
  const greeting = greetings[language] ?? Object.values(greetings)[0] ?? '';
  const weekly = config?.workingHours.weekly ?? {};
  const hours = weekdays
    .map(([day, name]) => {
      const ranges = weekly[day] ?? [];
      return `${name}: ${ranges.length > 0 ? ranges.map((range) => `${range.open}-${range.close}`).join(', ') : 'closed'}`;
    })
    .join('; ');
  const services = (config?.services ?? [])
    .map((service) => {
      const details = [service.durationMinutes ? `${service.durationMinutes} min` : '', service.price ?? ''].filter(
        Boolean,
      );
      return details.length > 0 ? `${service.name} (${details.join(', ')})` : service.name;
    })
    .join('; ');
  return {
    business_name: config?.businessProfile.name ?? tenant.name,
    greeting,
    hours: config ? `${hours} (${config.timezone})` : '',
    services,
    timezone: config?.timezone ?? '',
    language,
    languages: (config?.languages ?? []).join(', '),
    business_description: config?.businessProfile.description ?? '',
    business_address: config?.businessProfile.address ?? '',
    instructions: profile.prompt.text,
  };
}
