import twilio from 'twilio';

/** What the load generator and the servers agree on: the deployment's Twilio account and its public URL. */
export const accountSid = `AC${'0'.repeat(32)}`;
export const authToken = 'bench-auth-token-0123456789abcdef';
export const publicBaseUrl = 'https://voice.bench.example';
export const voicePath = '/api/webhooks/twilio/voice';
export const handoffTwiml =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://agent.example/stream"/></Connect></Response>';

/** The owned number of tenant `n`: +1 555 2xx xxxx, fictional and unique. */
export const tenantNumber = (n: number) => `+1555${String(2_000_000 + n).padStart(7, '0')}`;

let sequence = 0;
/** A signed Twilio incoming-call webhook to tenant `n`, with a fresh CallSid so no request is a replay. */
export function signedInboundCall(n: number) {
  sequence += 1;
  const params: Record<string, string> = {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: `CA${sequence.toString(16).padStart(32, '0')}`,
    CallStatus: 'ringing',
    Called: tenantNumber(n),
    Caller: '+15550109999',
    Direction: 'inbound',
    From: '+15550109999',
    To: tenantNumber(n),
  };
  const signature = twilio.getExpectedTwilioSignature(authToken, `${publicBaseUrl}${voicePath}`, params);
  return {
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  };
}
