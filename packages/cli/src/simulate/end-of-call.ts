import { randomUUID } from 'node:crypto';
import { normalizePhoneNumber } from '@nuvatra/core';
import type { CommandSpec } from '../command.js';
import { vapiServerSecret } from '../credentials/signing.js';
import { CliError, EXIT, usageError } from '../io.js';
import { allTenants, withStorage } from '../storage/open.js';
import { post, serverOf, serverOnly, statusOf } from './send.js';
import { defaultCaller } from './twilio-requests.js';
import { endOfCallReport, type ReportInput } from './vapi-report.js';

const vapiPath = '/api/webhooks/vapi';

const defaultTranscript = (business: string) =>
  [
    `AI: Thank you for calling ${business}. How can I help you today?`,
    'User: I would like to book an appointment for next week.',
    'AI: Of course. Which day suits you best?',
    'User: Tuesday morning, please.',
    'AI: You are booked for Tuesday at 10:00. See you then. Goodbye!',
  ].join('\n');

type ReportedCall = Omit<ReportInput, 'transcript' | 'summary' | 'durationSeconds' | 'endedAt' | 'recordingUrl'> & {
  tenant: { id: string; slug: string } | null;
  callId: string | null;
};

/**
 * The Vapi call a Twilio call was handed to, from storage: the webhook accepts a report for a Twilio call only when
 * its metadata `{ tenantId, callId }` names that call and `call.id` is the Vapi call id stored on it
 * (`metadata.agentCallId`), the check that stops one tenant's report from landing on another's call.
 */
async function handedOffCall(io: Parameters<typeof withStorage>[0], callSid: string): Promise<ReportedCall> {
  return withStorage(io, async ({ storage, where }) => {
    for (const tenant of await allTenants(storage)) {
      const call = await storage.withTenant(tenant.id, (scope) => scope.calls.getByProviderCallId('twilio', callSid));
      if (!call) continue;
      const { agent, agentCallId } = call.metadata;
      if (agent !== 'vapi' || typeof agentCallId !== 'string') {
        throw new CliError(
          EXIT.failed,
          'CALL_NOT_HANDED_OFF',
          `Call ${callSid} of ${tenant.slug} was not handed to Vapi (${agent ? `its voice agent is ${String(agent)}` : 'no voice agent took it'}), so Vapi would never report on it: the server needs VAPI_API_KEY when the call comes in.`,
        );
      }
      return {
        tenant: { id: tenant.id, slug: tenant.slug },
        callId: call.id,
        vapiCallId: agentCallId,
        twilio: { callSid, accountSid: null },
        to: call.to,
        from: call.from,
        forwardedFrom: call.forwardedFrom,
        metadata: { tenantId: tenant.id, callId: call.id },
        assistantName: tenant.name,
      };
    }
    throw new CliError(
      EXIT.failed,
      'CALL_NOT_FOUND',
      `No call with CallSid ${callSid} in ${where}: run nuvatra simulate call first, with the server's NUVATRA_DATA_DIR.`,
    );
  });
}

export const simulateEndOfCall: CommandSpec = {
  name: 'simulate end-of-call',
  summary: 'Send Vapi’s end-of-call report (transcript, summary) for a call, with the server secret',
  details: [
    'With --call-sid: the report of the Vapi call that Twilio call was handed to, found in storage under',
    'NUVATRA_DATA_DIR, echoing the metadata { tenantId, callId } Nuvatra gave the assistant. Without it: a call',
    'Vapi answered on its own number (--to), matched to the tenant by that number.',
    'Authenticated with X-Vapi-Secret: VAPI_SERVER_SECRET, else <NUVATRA_DATA_DIR>/development-providers.json.',
  ],
  options: {
    'call-sid': { type: 'string', placeholder: 'CA…', description: 'The CallSid `nuvatra simulate call` printed' },
    to: {
      type: 'string',
      placeholder: 'number',
      description: 'The number Vapi answered on',
      defaultText: 'the call’s',
    },
    from: {
      type: 'string',
      placeholder: 'number',
      description: 'The caller, without --call-sid',
      defaultText: defaultCaller,
    },
    transcript: { type: 'string', placeholder: 'text', description: 'Lines of "AI: …" and "User: …" (\\n between)' },
    summary: { type: 'string', placeholder: 'text', description: 'Vapi’s analysis summary' },
    duration: { type: 'string', placeholder: 'seconds', description: 'How long the call lasted', defaultText: '95' },
    'recording-url': { type: 'string', placeholder: 'url', description: 'A recording to link (none by default)' },
    ...serverOnly,
  },
  examples: [
    'nuvatra simulate end-of-call --call-sid CA0123456789abcdef0123456789abcdef',
    'nuvatra simulate end-of-call --call-sid CA… --transcript "AI: Hello!\\nUser: Are you open on Sunday?"',
    'nuvatra simulate end-of-call --to +15550100001',
  ],
  async run(input, context) {
    const callSid = input.option('call-sid');
    const to = input.option('to');
    if (!callSid && !to) {
      throw usageError('Pass --call-sid (a call from nuvatra simulate call) or --to (a call Vapi answered itself).');
    }
    const durationSeconds = Number(input.option('duration') ?? 95);
    if (!Number.isFinite(durationSeconds) || durationSeconds < 0 || durationSeconds > 86_400) {
      throw usageError(`--duration must be a number of seconds; got "${input.option('duration')}".`);
    }
    const server = serverOf(input, context);
    const { serverSecret, source } = vapiServerSecret(context.io);
    const call: ReportedCall = callSid
      ? await handedOffCall(context.io, callSid)
      : {
          tenant: null,
          callId: null,
          vapiCallId: randomUUID(),
          to: null,
          from: normalizePhoneNumber(input.option('from') ?? defaultCaller),
          forwardedFrom: null,
          assistantName: 'Receptionist',
        };
    if (to) call.to = normalizePhoneNumber(to);
    const transcript = (input.option('transcript') ?? defaultTranscript(call.assistantName)).replace(/\\n/g, '\n');
    const summary =
      input.option('summary') ??
      (input.option('transcript') ? 'A simulated call.' : 'The caller booked an appointment for Tuesday at 10:00.');
    const report = endOfCallReport({
      ...call,
      transcript,
      summary,
      durationSeconds,
      endedAt: new Date(),
      recordingUrl: input.option('recording-url'),
    });
    const answer = await post(context, server, vapiPath, {
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-vapi-secret': serverSecret },
      body: JSON.stringify(report),
    });
    const status = statusOf(answer);
    const about = call.tenant
      ? `CallSid ${callSid} of ${call.tenant.slug} (call ${call.callId})`
      : `a call Vapi answered on ${call.to}`;
    return {
      exitCode: status.exitCode,
      data: {
        status: answer.status,
        vapiCallId: call.vapiCallId,
        callSid: callSid ?? null,
        tenantId: call.tenant?.id ?? null,
        callId: call.callId,
        authenticatedWith: source,
        ...(status.ok ? {} : { error: answer.error }),
      },
      lines: [`${status.line}.`, `End-of-call report of Vapi call ${call.vapiCallId}, for ${about}.`],
    };
  },
};
