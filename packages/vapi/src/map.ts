import {
  type Call,
  type CallStatus,
  type CreateCallInput,
  idSchema,
  tryNormalizePhoneNumber,
  type UpdateCallInput,
} from '@nuvatra/core';
import type { CallMessage, EndOfCallReport, TranscriptItem } from './schemas.js';

// Vapi's wire shapes → Nuvatra's domain, in one place.

/** What a server message says about its call, read once. */
export interface VapiCallFacts {
  vapiCallId: string;
  /** The number Vapi answered on (`message.phoneNumber.number`), E.164 when it is a phone number. */
  to: string | null;
  /** The caller (`message.customer.number`); null when withheld. */
  from: string | null;
  /** The line the call was forwarded from: Twilio's `ForwardedFrom`, or a SIP Diversion header. */
  forwardedFrom: string | null;
  direction: 'inbound' | 'outbound';
  /** What the echoed metadata claims; never trusted before it is checked against the stored call. */
  claim: MetadataClaim;
}

export type MetadataClaim =
  | { kind: 'none' }
  | { kind: 'call'; tenantId: string; callId: string }
  | { kind: 'invalid'; reason: string; tenantId?: string };

export function toCallFacts(message: CallMessage): VapiCallFacts {
  const { call } = message;
  const to = message.phoneNumber?.number ?? call.phoneNumber?.number ?? null;
  const from = message.customer?.number ?? call.customer?.number ?? null;
  return {
    vapiCallId: call.id,
    to: to ? (tryNormalizePhoneNumber(to) ?? to) : null,
    from: from ? tryNormalizePhoneNumber(from) : null,
    forwardedFrom: forwardedFromOf(call),
    direction: call.type === 'outboundPhoneCall' ? 'outbound' : 'inbound',
    claim: metadataClaim(message),
  };
}

function forwardedFromOf(call: CallMessage['call']): string | null {
  const twilio = call.transport?.forwardedFrom;
  if (twilio) return tryNormalizePhoneNumber(twilio);
  const headers = call.phoneCallProviderDetails?.sip?.headers ?? {};
  const diversion = Object.entries(headers).find(([name]) => name.toLowerCase() === 'diversion')?.[1];
  const number = typeof diversion === 'string' ? /sip:(\+?\d{4,15})@/i.exec(diversion)?.[1] : undefined;
  return number ? tryNormalizePhoneNumber(number) : null;
}

/**
 * Our `{ tenantId, callId }`, wherever Vapi echoes it: the assistant's metadata (transient assistants), the
 * overrides' (saved assistants), or the call's own. Copies that disagree are a claim we refuse.
 */
function metadataClaim(message: CallMessage): MetadataClaim {
  const sources = [
    message.assistant?.metadata,
    message.call.assistant?.metadata,
    message.call.assistantOverrides?.metadata,
    message.call.metadata,
  ];
  const claims = new Map<string, { tenantId: unknown; callId: unknown }>();
  for (const source of sources) {
    if (!source || !('tenantId' in source || 'callId' in source)) continue;
    const claim = { tenantId: source.tenantId, callId: source.callId };
    claims.set(JSON.stringify(claim), claim);
  }
  if (claims.size === 0) return { kind: 'none' };
  const [claim] = claims.values();
  const tenantId = idSchema.safeParse(claim?.tenantId).success ? (claim?.tenantId as string) : undefined;
  if (claims.size > 1) return { kind: 'invalid', reason: 'the echoed metadata copies disagree', ...only(tenantId) };
  const callId = idSchema.safeParse(claim?.callId).success ? (claim?.callId as string) : undefined;
  if (!tenantId || !callId) return { kind: 'invalid', reason: 'the metadata needs both tenantId and callId' };
  return { kind: 'call', tenantId, callId };
}

const only = (tenantId: string | undefined) => (tenantId ? { tenantId } : {});

/** Vapi's call status (`ServerMessageStatusUpdateStatus`) as ours; null for ones we do not record. */
export function toCallStatus(status: string, endedReason?: string | null): CallStatus | null {
  switch (status) {
    case 'scheduled':
    case 'queued':
      return 'queued';
    case 'ringing':
      return 'ringing';
    case 'in-progress':
    case 'forwarding':
      return 'in-progress';
    case 'ended':
      return endedStatus(endedReason);
    default:
      return null;
  }
}

function endedStatus(endedReason: string | null | undefined): CallStatus {
  if (!endedReason) return 'completed';
  if (endedReason === 'customer-busy') return 'busy';
  if (endedReason === 'customer-did-not-answer') return 'no-answer';
  if (endedReason === 'manually-canceled') return 'canceled';
  if (/error|fault|failed/.test(endedReason)) return 'failed';
  return 'completed';
}

const rank: Record<CallStatus, number> = {
  queued: 0,
  ringing: 1,
  'in-progress': 2,
  completed: 3,
  busy: 3,
  failed: 3,
  'no-answer': 3,
  canceled: 3,
};

/** Webhooks arrive out of order: a call never moves back (an ended call does not ring again). */
export function isStatusProgress(from: CallStatus, to: CallStatus): boolean {
  return rank[to] > rank[from];
}

/**
 * The end-of-call report as changes to our call. A call Vapi runs itself (provider `vapi`) takes every field;
 * a call another provider carries (a Twilio call handed to Vapi) keeps that provider's status, and its times
 * are only filled while they are empty: that provider's plugin owns them.
 */
export function toReportUpdate(
  report: EndOfCallReport,
  call: Pick<Call, 'provider' | 'startedAt' | 'endedAt' | 'durationSeconds'>,
): UpdateCallInput {
  const own = call.provider === 'vapi';
  const startedAt = toTimestamp(report.startedAt);
  const endedAt = toTimestamp(report.endedAt);
  const reported = report.durationSeconds;
  const durationSeconds = typeof reported === 'number' && reported >= 0 ? reported : secondsBetween(startedAt, endedAt);
  const update: UpdateCallInput = {
    transcript: clip(report.artifact?.transcript ?? report.transcript, 500_000),
    messages: toTranscriptMessages(report.artifact?.messages ?? report.messages ?? []),
    recordingUrl: toUrl(
      report.artifact?.recordingUrl ?? report.artifact?.recording?.mono?.combinedUrl ?? report.recordingUrl,
    ),
    summary: clip(report.analysis?.summary ?? report.summary, 20_000),
    endedReason: clip(report.endedReason, 200),
    cost: typeof report.cost === 'number' && report.cost >= 0 ? report.cost : null,
  };
  if (own) update.status = endedStatus(report.endedReason);
  if (own || call.startedAt === null) update.startedAt = startedAt;
  if (own || call.endedAt === null) update.endedAt = endedAt;
  if (own || call.durationSeconds === null) update.durationSeconds = durationSeconds;
  return update;
}

/** A call we first hear of in its end-of-call report (or a status update), to be stored under its tenant. */
export function toNewCall(facts: VapiCallFacts & { to: string }, status: CallStatus): CreateCallInput {
  return {
    provider: 'vapi',
    providerCallId: facts.vapiCallId,
    direction: facts.direction,
    from: facts.from,
    to: facts.to,
    forwardedFrom: facts.forwardedFrom,
    status,
    metadata: { agent: 'vapi' },
  };
}

const roles: Record<string, 'assistant' | 'user' | 'system' | 'tool'> = {
  user: 'user',
  bot: 'assistant',
  assistant: 'assistant',
  system: 'system',
  tool_call_result: 'tool',
};

function toTranscriptMessages(items: readonly TranscriptItem[]) {
  return items.slice(0, 5_000).flatMap((item) => {
    const role = roles[item.role];
    const text = role === 'tool' ? stringify(item.result) : item.message;
    if (!role || !text) return [];
    const seconds = item.secondsFromStart;
    return [
      {
        role,
        text: text.slice(0, 20_000),
        ...(typeof seconds === 'number' && seconds >= 0 ? { secondsFromStart: seconds } : {}),
      },
    ];
  });
}

function stringify(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function clip(value: string | null | undefined, max: number): string | null {
  return value ? value.slice(0, max) : null;
}

function toTimestamp(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function secondsBetween(start: string | null, end: string | null): number | null {
  if (!start || !end) return null;
  const seconds = (Date.parse(end) - Date.parse(start)) / 1000;
  return seconds >= 0 ? seconds : null;
}

function toUrl(value: string | null | undefined): string | null {
  if (!value || !URL.canParse(value)) return null;
  return value;
}
