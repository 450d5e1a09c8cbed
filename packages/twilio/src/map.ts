import {
  type AppendMessageInput,
  type Call,
  type CallStatus,
  type ChannelAddress,
  type CreateCallInput,
  tryNormalizePhoneNumber,
  type UpdateCallInput,
} from '@nuvatra/core';
import type { TwilioMessageRequest, TwilioStatusCallback, TwilioVoiceRequest } from './schemas.js';

// Twilio's wire shapes → Nuvatra's domain, in one place. Pure functions: no I/O.

/** The keys a webhook's channel is read from, before the payload is parsed (the signature is checked first). */
type RawForm = Record<string, string | string[] | undefined>;

// Carriers send a withheld caller as a word, or as the word spelt on a keypad: ANONYMOUS, RESTRICTED, BLOCKED,
// UNKNOWN, UNAVAILABLE. None of those is anyone's number.
const withheldCallers = new Set([
  'anonymous',
  'restricted',
  'blocked',
  'unknown',
  'unavailable',
  'private',
  '+266696687',
  '+7378742833',
  '+2562533',
  '+8656696',
  '+86282452253',
]);

/** The country of the called number, for reading national-format numbers some carriers send. */
function regionOf(toCountry: string | undefined): string | undefined {
  return toCountry && /^[A-Z]{2}$/.test(toCountry) ? toCountry : undefined;
}

/**
 * The phone number in an address as Twilio and carriers write one: `+15551111111`, `tel:+15551111111`,
 * `sip:+15551111111@carrier.example;user=phone`, or a SIP name-addr `"Clinic" <sip:+1555…@host>;reason=…`.
 * null when the address holds no phone number (`client:alice`, `sip:alice@pbx`).
 */
export function numberFromAddress(address: string | null | undefined, region?: string): string | null {
  if (!address) return null;
  const text = address.trim();
  const inner = /<([^>]*)>/.exec(text)?.[1] ?? text;
  const uri = /^(?:sips?:([^@>]*)@|tel:([^;>]*))/i.exec(inner.trim());
  const candidate = uri ? (uri[1] ?? uri[2] ?? '') : (inner.split(';')[0] ?? '');
  // A SIP user part may carry user parameters after ';' (`+1555…;npdi`).
  const user = candidate.split(';')[0]?.trim() ?? '';
  if (user === '' || withheldCallers.has(user.toLowerCase())) return null;
  return tryNormalizePhoneNumber(user, region ? { region } : {});
}

/**
 * The forwarding line in a SIP Diversion header (RFC 5806). A header may carry a chain, newest diversion first:
 * the first entry is the line that forwarded the call to us.
 */
export function diversionNumber(header: string | undefined, region?: string): string | null {
  if (!header) return null;
  const first = header.split(/,(?![^<]*>)/)[0];
  return numberFromAddress(first, region);
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * Who a call or message is for, read from the raw form: the called number, and for calls the line it was
 * forwarded from (`ForwardedFrom`, else a SIP Diversion header passed on as `SipHeader_Diversion`).
 */
export function toChannel(form: RawForm, kind: 'voice' | 'sms'): ChannelAddress {
  const region = regionOf(single(form.ToCountry));
  const rawTo = single(form.To) ?? '';
  const to = numberFromAddress(rawTo, region) ?? rawTo;
  if (kind === 'sms') return { to, ...(region ? { region } : {}) };
  const forwardedFrom =
    numberFromAddress(single(form.ForwardedFrom), region) ??
    diversionNumber(single(form.SipHeader_Diversion) ?? single(form['SipHeader_X-Diversion']), region);
  return { to, forwardedFrom, ...(region ? { region } : {}) };
}

const callStatuses: Record<string, CallStatus> = {
  queued: 'queued',
  initiated: 'queued',
  ringing: 'ringing',
  'in-progress': 'in-progress',
  answered: 'in-progress',
  completed: 'completed',
  busy: 'busy',
  failed: 'failed',
  'no-answer': 'no-answer',
  canceled: 'canceled',
};
const ended = new Set<CallStatus>(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
const stage = (status: CallStatus) =>
  ended.has(status) ? 3 : status === 'in-progress' ? 2 : status === 'ringing' ? 1 : 0;

/** Twilio's CallStatus as ours; null for a value Twilio may add later. */
export function toCallStatus(twilioStatus: string): CallStatus | null {
  return callStatuses[twilioStatus] ?? null;
}

/** A new inbound call from Twilio's voice request (or the first status callback of a call we never saw). */
export function toCallInput(params: TwilioVoiceRequest, channel: ChannelAddress): CreateCallInput {
  const region = regionOf(params.ToCountry);
  return {
    provider: 'twilio',
    providerCallId: params.CallSid,
    direction: params.Direction?.startsWith('outbound') ? 'outbound' : 'inbound',
    from: numberFromAddress(params.From, region),
    to: channel.to,
    forwardedFrom: channel.forwardedFrom ?? null,
    status: toCallStatus(params.CallStatus) ?? 'queued',
    metadata: params.CallerName ? { callerName: params.CallerName } : {},
  };
}

/**
 * What a status callback changes on a stored call (`stored` null: the call is new). Callbacks may arrive out of
 * order, so a call never moves back (a late "ringing" after "completed" changes nothing).
 */
export function toStatusUpdate(stored: Call | null, params: TwilioStatusCallback, receivedAt: Date): UpdateCallInput {
  const status = toCallStatus(params.CallStatus);
  if (!status || (stored && stage(status) < stage(stored.status))) return {};
  const at = (params.Timestamp ?? receivedAt).toISOString();
  const update: UpdateCallInput = { status };
  if (status === 'in-progress' && !stored?.startedAt) update.startedAt = at;
  if (ended.has(status)) {
    update.endedAt = stored?.endedAt ?? at;
    if (params.CallDuration !== undefined) {
      update.durationSeconds = params.CallDuration;
      if (!stored?.startedAt && status === 'completed') {
        update.startedAt = new Date(Date.parse(update.endedAt) - params.CallDuration * 1000).toISOString();
      }
    }
  }
  return update;
}

/** An inbound SMS/MMS as a message of the sender's SMS conversation. */
export function toInboundMessage(params: TwilioMessageRequest, channel: ChannelAddress): AppendMessageInput {
  const from = numberFromAddress(params.From, regionOf(params.ToCountry)) ?? params.From;
  const media = Array.from({ length: params.NumMedia }, (_, index) => ({
    url: params[`MediaUrl${index}`],
    contentType: params[`MediaContentType${index}`],
  })).filter((item) => typeof item.url === 'string');
  return {
    direction: 'inbound',
    body: params.Body,
    from,
    to: channel.to,
    provider: 'twilio',
    providerMessageId: params.MessageSid,
    status: params.SmsStatus ?? 'received',
    metadata: media.length > 0 ? { media } : {},
  };
}
