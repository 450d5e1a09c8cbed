import { z } from 'zod';

// Twilio's webhook payloads in Twilio's own casing, parsed once after the signature is verified. Twilio adds
// parameters without notice, so every object keeps the keys it does not name (`looseObject`).

export const accountSidSchema = z
  .string()
  .regex(/^AC[0-9a-f]{32}$/, 'must be a Twilio account SID (AC followed by 32 hex digits)');

const sid = z.string().min(1).max(64);
const address = z.string().max(512);

/** What Twilio sends to a number's Voice URL when a call comes in ("TwiML Voice: Twilio's Request"). */
export const voiceRequestSchema = z.looseObject({
  CallSid: sid,
  AccountSid: sid,
  /** E.164, `client:name`, a SIP URI, or a withheld caller ("Anonymous", +266696687…). */
  From: address.default(''),
  To: address.min(1),
  CallStatus: z.string().min(1).max(32),
  ApiVersion: z.string().max(32).optional(),
  /** `inbound`, `outbound-api` or `outbound-dial`. */
  Direction: z.string().max(32).optional(),
  /** Set only for some forwarded calls: it depends on the forwarding carrier. */
  ForwardedFrom: address.optional(),
  CallerName: z.string().max(256).optional(),
  ParentCallSid: sid.optional(),
  /** Country of the called number ("US"), sent with Twilio's geographic fields when known. */
  ToCountry: z.string().max(8).optional(),
  /** SIP calls: a Diversion header passed on by the SIP domain (see map.ts). */
  SipHeader_Diversion: z.string().max(2048).optional(),
  'SipHeader_X-Diversion': z.string().max(2048).optional(),
});
export type TwilioVoiceRequest = z.infer<typeof voiceRequestSchema>;

/** A number's status callback: the voice parameters plus how the call progressed. */
export const statusCallbackSchema = voiceRequestSchema.extend({
  /** Seconds; only when the call has ended. */
  CallDuration: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .optional(),
  /** When the event fired, RFC 2822 ("Tue, 10 Aug 2010 03:45:01 +0000"). */
  Timestamp: z
    .string()
    .max(64)
    .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date')
    .transform((value) => new Date(value))
    .optional(),
  SequenceNumber: z.string().max(16).optional(),
  CallbackSource: z.string().max(64).optional(),
});
export type TwilioStatusCallback = z.infer<typeof statusCallbackSchema>;

/** What Twilio sends to a number's messaging URL when an SMS or MMS arrives. */
export const messageRequestSchema = z.looseObject({
  MessageSid: sid,
  /** The same value as MessageSid, kept by Twilio for backward compatibility. */
  SmsSid: sid.optional(),
  AccountSid: sid,
  MessagingServiceSid: sid.optional(),
  From: address.min(1),
  To: address.min(1),
  Body: z.string().max(100_000).default(''),
  NumMedia: z
    .string()
    .regex(/^\d{1,2}$/)
    .transform(Number)
    .default(0),
  NumSegments: z.string().max(8).optional(),
  SmsStatus: z.string().max(32).optional(),
  ToCountry: z.string().max(8).optional(),
});
export type TwilioMessageRequest = z.infer<typeof messageRequestSchema>;
