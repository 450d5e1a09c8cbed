import { randomUUID } from 'node:crypto';

// Vapi's `end-of-call-report` server message as Vapi documents it (docs.vapi.ai/server-url/events, the SDK's
// `ServerMessageEndOfCallReport`): `{ message: { type, timestamp, endedReason, artifact, analysis, call, ... } }`.
// For a Twilio call handed to Vapi (phone-call-provider bypass), `call.id` is the Vapi call the hand-off created,
// `call.phoneCallProviderId` / `call.transport.callSid` Twilio's CallSid, and the assistant echoes the metadata
// Nuvatra gave it: `{ tenantId, callId }`.

export interface ReportInput {
  vapiCallId: string;
  /** Twilio's call, for a call handed to Vapi; absent for a call Vapi answered on its own number. */
  twilio?: { callSid: string; accountSid: string | null };
  to: string | null;
  from: string | null;
  forwardedFrom: string | null;
  /** What Nuvatra's assistant asked Vapi to echo. */
  metadata?: { tenantId: string; callId: string };
  assistantName: string;
  transcript: string;
  summary: string;
  durationSeconds: number;
  endedAt: Date;
  recordingUrl?: string | undefined;
}

const orgId = randomUUID();

export function endOfCallReport(input: ReportInput) {
  const endedAtMs = input.endedAt.getTime();
  const startedAtMs = endedAtMs - Math.round(input.durationSeconds * 1000);
  const startedAt = new Date(startedAtMs).toISOString();
  const endedAt = input.endedAt.toISOString();
  const assistant = { name: input.assistantName, ...(input.metadata ? { metadata: input.metadata } : {}) };
  const customer = input.from ? { customer: { number: input.from } } : {};
  const phoneNumber = input.to
    ? {
        phoneNumber: {
          id: randomUUID(),
          orgId,
          provider: 'twilio',
          number: input.to,
          ...(input.twilio?.accountSid ? { twilioAccountSid: input.twilio.accountSid } : {}),
          createdAt: startedAt,
          updatedAt: startedAt,
        },
      }
    : {};
  const endedReason = 'customer-ended-call';
  return {
    message: {
      type: 'end-of-call-report',
      timestamp: endedAtMs,
      endedReason,
      // About $0.10 a minute, Vapi's order of magnitude.
      cost: Math.round((input.durationSeconds / 60) * 0.1 * 10_000) / 10_000,
      startedAt,
      endedAt,
      durationMs: endedAtMs - startedAtMs,
      durationSeconds: input.durationSeconds,
      durationMinutes: Math.round((input.durationSeconds / 60) * 10_000) / 10_000,
      artifact: {
        transcript: input.transcript,
        messages: transcriptMessages(input.transcript, startedAtMs, input.durationSeconds),
        ...(input.recordingUrl ? { recordingUrl: input.recordingUrl } : {}),
      },
      analysis: { summary: input.summary, successEvaluation: 'true' },
      ...phoneNumber,
      ...customer,
      assistant,
      call: {
        id: input.vapiCallId,
        orgId,
        type: 'inboundPhoneCall',
        status: 'ended',
        endedReason,
        phoneCallProvider: 'twilio',
        phoneCallTransport: 'pstn',
        ...(input.twilio ? { phoneCallProviderId: input.twilio.callSid, phoneCallProviderBypassEnabled: true } : {}),
        createdAt: startedAt,
        updatedAt: endedAt,
        startedAt,
        endedAt,
        ...customer,
        ...(input.twilio
          ? {
              transport: {
                provider: 'twilio',
                callSid: input.twilio.callSid,
                ...(input.twilio.accountSid ? { accountSid: input.twilio.accountSid } : {}),
                ...(input.forwardedFrom ? { forwardedFrom: input.forwardedFrom } : {}),
              },
            }
          : {}),
        assistant,
      },
    },
  };
}

const speakers: Array<[RegExp, 'bot' | 'user']> = [
  [/^(AI|Assistant|Bot)\s*:\s*/i, 'bot'],
  [/^(User|Caller|Customer)\s*:\s*/i, 'user'],
];

/** `artifact.messages`: one entry per "AI: …" / "User: …" line, spread over the call's duration. */
function transcriptMessages(transcript: string, startedAtMs: number, durationSeconds: number) {
  const turns: Array<{ role: 'bot' | 'user'; message: string }> = [];
  for (const line of transcript.split('\n').map((text) => text.trim())) {
    if (!line) continue;
    const speaker = speakers.find(([pattern]) => pattern.test(line));
    const last = turns.at(-1);
    if (speaker) turns.push({ role: speaker[1], message: line.replace(speaker[0], '') });
    else if (last) last.message += ` ${line}`;
    else turns.push({ role: 'user', message: line });
  }
  const step = turns.length > 0 ? durationSeconds / turns.length : 0;
  return turns.map((turn, index) => {
    const secondsFromStart = Math.round(index * step * 100) / 100;
    const time = startedAtMs + Math.round(secondsFromStart * 1000);
    const duration = Math.round(step * 800);
    return { ...turn, time, endTime: time + duration, secondsFromStart, duration };
  });
}
