import { normalizePhoneNumber } from '@nuvatra/core';
import type { CommandSpec } from '../command.js';
import { twilioCredentials } from '../credentials/signing.js';
import { post, publicUrlOf, serverOf, serverOptions, statusOf } from './send.js';
import { defaultCaller, signedForm, smsParams, twilioSid, voiceParams } from './twilio-requests.js';

const credentialsNote =
  'Signed with TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN, else <NUVATRA_DATA_DIR>/development-providers.json.';
const voicePath = '/api/webhooks/twilio/voice';
const smsPath = '/api/webhooks/twilio/sms';

const simulateCall: CommandSpec = {
  name: 'simulate call',
  summary: 'Send a signed Twilio incoming-call webhook to the server, as Twilio does when a number is called',
  details: [
    credentialsNote,
    `Posts to <server>${voicePath}, signed for <public-url>${voicePath}; prints the TwiML and the CallSid.`,
  ],
  options: {
    to: { type: 'string', placeholder: 'number', description: 'The number called: a tenant’s own or a shared one' },
    from: { type: 'string', placeholder: 'number', description: 'The caller', defaultText: defaultCaller },
    'forwarded-from': {
      type: 'string',
      placeholder: 'number',
      description: 'The line the call was forwarded from (a tenant’s forwarding number)',
    },
    ...serverOptions,
  },
  examples: [
    'nuvatra simulate call --to +15550100001',
    'nuvatra simulate call --to +15559999999 --forwarded-from +15551111111 --server http://localhost:3000',
  ],
  async run(input, context) {
    const to = normalizePhoneNumber(input.required('to'));
    const from = normalizePhoneNumber(input.option('from') ?? defaultCaller);
    const forwarded = input.option('forwarded-from');
    const forwardedFrom = forwarded ? normalizePhoneNumber(forwarded) : undefined;
    const server = serverOf(input, context);
    const publicUrl = publicUrlOf(input, context, server);
    const { accountSid, authToken, source } = twilioCredentials(context.io);
    const callSid = twilioSid('CA');
    const params = voiceParams({ accountSid, callSid, to, from, forwardedFrom });
    const answer = await post(context, server, voicePath, await signedForm(authToken, publicUrl + voicePath, params));
    const status = statusOf(answer);
    const twiml = status.ok ? answer.body : null;
    const outcome = twiml ? outcomeOf(twiml) : null;
    return {
      exitCode: status.exitCode,
      data: {
        status: answer.status,
        callSid,
        accountSid,
        to,
        from,
        forwardedFrom: forwardedFrom ?? null,
        signedWith: source,
        ...(twiml ? { twiml, outcome } : { error: answer.error }),
      },
      lines: [
        `${status.line}.`,
        `CallSid ${callSid} (from ${from} to ${to}${forwardedFrom ? `, forwarded from ${forwardedFrom}` : ''})`,
        ...(twiml && outcome
          ? [
              outcome.handedOff
                ? 'The call was handed to a voice agent:'
                : `No voice agent took the call; the caller hears: ${outcome.said.join(' ') || '(nothing)'}`,
              twiml,
              '',
              // Vapi reports only on calls it took; without an agent, the report of a call Vapi answered itself
              // (matched by the number) still shows a transcript in the tenant's dashboard.
              outcome.handedOff
                ? `Next: nuvatra simulate end-of-call --call-sid ${callSid}`
                : `Next: nuvatra simulate end-of-call --to ${to} --from ${from}`,
            ]
          : []),
      ],
    };
  },
};

/** Whether the TwiML connects the call to something (a voice agent's stream, a dial), and what it says. */
function outcomeOf(twiml: string) {
  const said = [...twiml.matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((match) => unescapeXml(match[1] ?? ''));
  return { handedOff: /<(Connect|Dial|Stream|Redirect)\b/.test(twiml), said };
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const simulateSms: CommandSpec = {
  name: 'simulate sms',
  summary: 'Send a signed Twilio inbound-SMS webhook to the server, as Twilio does when a number is texted',
  details: [credentialsNote, `Posts to <server>${smsPath}, signed for <public-url>${smsPath}.`],
  options: {
    to: { type: 'string', placeholder: 'number', description: 'The number texted: a tenant’s own' },
    from: { type: 'string', placeholder: 'number', description: 'The sender', defaultText: defaultCaller },
    body: { type: 'string', placeholder: 'text', description: 'The message' },
    ...serverOptions,
  },
  examples: ['nuvatra simulate sms --to +15550100001 --from +14155550123 --body "Can I move my appointment?"'],
  async run(input, context) {
    const to = normalizePhoneNumber(input.required('to'));
    const from = normalizePhoneNumber(input.option('from') ?? defaultCaller);
    const body = input.required('body');
    const server = serverOf(input, context);
    const publicUrl = publicUrlOf(input, context, server);
    const { accountSid, authToken, source } = twilioCredentials(context.io);
    const messageSid = twilioSid('SM');
    const params = smsParams({ accountSid, messageSid, to, from, body });
    const answer = await post(context, server, smsPath, await signedForm(authToken, publicUrl + smsPath, params));
    const status = statusOf(answer);
    return {
      exitCode: status.exitCode,
      data: {
        status: answer.status,
        messageSid,
        accountSid,
        to,
        from,
        signedWith: source,
        ...(status.ok ? { twiml: answer.body } : { error: answer.error }),
      },
      lines: [`${status.line}.`, `MessageSid ${messageSid} (from ${from} to ${to})`],
    };
  },
};

export const twilioSimulations: CommandSpec[] = [simulateCall, simulateSms];
