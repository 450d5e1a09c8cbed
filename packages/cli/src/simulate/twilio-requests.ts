import { randomBytes } from 'node:crypto';

// Twilio's webhook requests as Twilio documents them ("TwiML Voice: Twilio's Request", "Messaging webhooks"):
// form parameters in Twilio's casing, signed with the twilio library over the public URL and every parameter.

/** A SID of Twilio's shape: two letters and 32 hex digits. */
export const twilioSid = (prefix: 'CA' | 'SM') => `${prefix}${randomBytes(16).toString('hex')}`;

export const defaultCaller = '+14155550123';

/**
 * What Twilio posts to a number's Voice URL when a call comes in. Twilio sends the geographic fields empty when
 * it does not know them; `ForwardedFrom` only for forwarded calls.
 */
export function voiceParams(input: {
  accountSid: string;
  callSid: string;
  to: string;
  from: string;
  forwardedFrom?: string | undefined;
}): Record<string, string> {
  const { accountSid, callSid, to, from, forwardedFrom } = input;
  return {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'ringing',
    Called: to,
    CalledCity: '',
    CalledCountry: '',
    CalledState: '',
    CalledZip: '',
    Caller: from,
    CallerCity: '',
    CallerCountry: '',
    CallerState: '',
    CallerZip: '',
    Direction: 'inbound',
    ...(forwardedFrom ? { ForwardedFrom: forwardedFrom } : {}),
    From: from,
    FromCity: '',
    FromCountry: '',
    FromState: '',
    FromZip: '',
    To: to,
    ToCity: '',
    ToCountry: '',
    ToState: '',
    ToZip: '',
  };
}

/** What Twilio posts to a number's messaging URL for an inbound SMS. */
export function smsParams(input: {
  accountSid: string;
  messageSid: string;
  to: string;
  from: string;
  body: string;
}): Record<string, string> {
  const { accountSid, messageSid, to, from, body } = input;
  return {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    Body: body,
    From: from,
    FromCity: '',
    FromCountry: '',
    FromState: '',
    FromZip: '',
    MessageSid: messageSid,
    NumMedia: '0',
    NumSegments: '1',
    SmsMessageSid: messageSid,
    SmsSid: messageSid,
    SmsStatus: 'received',
    To: to,
    ToCity: '',
    ToCountry: '',
    ToState: '',
    ToZip: '',
  };
}

/** The POST as Twilio sends it: form-encoded, `X-Twilio-Signature` computed by the twilio library. */
export async function signedForm(authToken: string, signedUrl: string, params: Record<string, string>) {
  const { default: twilio } = await import('twilio');
  return {
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, signedUrl, params),
      'user-agent': 'TwilioProxy/1.1',
    },
    body: new URLSearchParams(params).toString(),
  };
}
