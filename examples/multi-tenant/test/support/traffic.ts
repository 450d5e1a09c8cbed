import { randomBytes, randomUUID } from 'node:crypto';
import type { Call, Storage } from '@nuvatra/core';
import twilio from 'twilio';

// Provider traffic for the crash and load tests (and the multi-tenant load bench, which imports this file):
// per-run provider credentials, tenants whose numbers and callers say which tenant they belong to, and requests
// signed as Twilio and Vapi sign theirs. Every number is a fictional +1 555 one.

export const twilioVoicePath = '/api/webhooks/twilio/voice';
export const vapiPath = '/api/webhooks/vapi';

/** The deployment's provider credentials, generated for one run: nothing here is a real account. */
export interface ProviderCredentials {
  publicBaseUrl: string;
  twilioAccountSid: string;
  twilioAuthToken: string;
  vapiServerSecret: string;
}

export function generateCredentials(): ProviderCredentials {
  return {
    publicBaseUrl: 'https://voice.multi-tenant.test',
    twilioAccountSid: `AC${randomBytes(16).toString('hex')}`,
    twilioAuthToken: randomBytes(16).toString('hex'),
    vapiServerSecret: randomBytes(32).toString('hex'),
  };
}

/** The example server's variables for these credentials: development sign-in stays on (no API key, no Clerk). */
export function serverVariables(credentials: ProviderCredentials, dataDir: string, port: number) {
  return {
    PORT: String(port),
    NUVATRA_DATA_DIR: dataDir,
    PUBLIC_BASE_URL: credentials.publicBaseUrl,
    TWILIO_ACCOUNT_SID: credentials.twilioAccountSid,
    TWILIO_AUTH_TOKEN: credentials.twilioAuthToken,
    VAPI_SERVER_SECRET: credentials.vapiServerSecret,
  };
}

/** Tenant `t`'s owned number: +1 555 2xx xxxx. */
export const tenantNumber = (t: number) => `+1555${2_000_000 + t}`;
/** Caller `k` of tenant `t`: +1 555 3tt tkkk, so a call's `from` says which tenant's traffic it was. */
export const callerOf = (t: number, k: number) => `+1555${3_000_000 + t * 1_000 + (k % 1_000)}`;
/** The tenant a caller number was made for; -1 for any other number. */
export function tenantOfCaller(from: string | null): number {
  const n = from?.startsWith('+1555') ? Number(from.slice(5)) : Number.NaN;
  return n >= 3_000_000 && n < 4_000_000 ? Math.floor((n - 3_000_000) / 1_000) : -1;
}

export interface SeededTenant {
  index: number;
  id: string;
  slug: string;
  /** The development user who owns it: `Authorization: Bearer dev:<owner>`. */
  owner: string;
  number: string;
  /** Calls stored before the run, for `GET /api/calls/:id`. */
  callIds: string[];
}

/** Tenants `load-0`…, each with an owner, an owned Twilio number and a few past calls from its own callers. */
export async function seedTenants(
  storage: Storage,
  count: number,
  options: { prefix?: string; callsPerTenant?: number } = {},
): Promise<SeededTenant[]> {
  const { prefix = 'load', callsPerTenant = 0 } = options;
  const tenants: SeededTenant[] = [];
  for (let index = 0; index < count; index++) {
    const slug = `${prefix}-${index}`;
    const owner = `${prefix}-owner-${index}`;
    const tenant = await storage.tenants.create({ slug, name: `Business ${index}` });
    const callIds = await storage.withTenant(tenant.id, async (scope) => {
      await scope.members.add({ userId: owner, role: 'owner' });
      await scope.phoneNumbers.create({ number: tenantNumber(index), kind: 'owned', provider: 'twilio' });
      const ids: string[] = [];
      for (let k = 0; k < callsPerTenant; k++) {
        const call = await scope.calls.create({
          provider: 'twilio',
          providerCallId: `CA${randomBytes(16).toString('hex')}`,
          from: callerOf(index, 900 + k),
          to: tenantNumber(index),
          status: 'completed',
        });
        ids.push(call.id);
      }
      return ids;
    });
    tenants.push({ index, id: tenant.id, slug, owner, number: tenantNumber(index), callIds });
  }
  return tenants;
}

/** Every call of a tenant, through its scope, page by page. */
export async function allCalls(storage: Storage, tenantId: string): Promise<Call[]> {
  return storage.withTenant(tenantId, async (scope) => {
    const calls: Call[] = [];
    let cursor: string | undefined;
    do {
      const page = await scope.calls.list({ limit: 200, ...(cursor ? { cursor } : {}) });
      calls.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return calls;
  });
}

export interface PreparedRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Twilio's incoming-call webhook for tenant `t`, signed with the account's auth token against the public URL. */
export function signedTwilioCall(credentials: ProviderCredentials, t: number, callSid: string, from: string) {
  const params: Record<string, string> = {
    AccountSid: credentials.twilioAccountSid,
    ApiVersion: '2010-04-01',
    CallSid: callSid,
    CallStatus: 'ringing',
    Called: tenantNumber(t),
    Caller: from,
    Direction: 'inbound',
    From: from,
    To: tenantNumber(t),
  };
  const url = `${credentials.publicBaseUrl}${twilioVoicePath}`;
  const request: PreparedRequest = {
    method: 'POST',
    path: twilioVoicePath,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': twilio.getExpectedTwilioSignature(credentials.twilioAuthToken, url, params),
    },
    body: new URLSearchParams(params).toString(),
  };
  return request;
}

export interface ReportFacts {
  vapiCallId: string;
  tenant: number;
  from: string;
  transcript: string;
  summary: string;
  endedAt: Date;
  durationSeconds: number;
}

const orgId = randomUUID();

/**
 * Vapi's `end-of-call-report` server message for a call Vapi answered on tenant `t`'s number, shaped as Vapi
 * documents it (docs.vapi.ai/server-url/events, the SDK's `ServerMessageEndOfCallReport`) and as
 * `nuvatra simulate end-of-call --to` sends it, with the server secret in `X-Vapi-Secret`.
 */
export function endOfCallReport(credentials: ProviderCredentials, facts: ReportFacts): PreparedRequest {
  const endedAtMs = facts.endedAt.getTime();
  const startedAt = new Date(endedAtMs - facts.durationSeconds * 1000).toISOString();
  const endedAt = facts.endedAt.toISOString();
  const number = tenantNumber(facts.tenant);
  const customer = { number: facts.from };
  const assistant = { name: `Business ${facts.tenant}` };
  const endedReason = 'customer-ended-call';
  const turns = facts.transcript.split('\n').map((line, index) => {
    const bot = line.startsWith('AI: ');
    const secondsFromStart = index * 4;
    const time = endedAtMs - facts.durationSeconds * 1000 + secondsFromStart * 1000;
    return {
      role: bot ? 'bot' : 'user',
      message: line.replace(/^(AI|User): /, ''),
      time,
      endTime: time + 3000,
      secondsFromStart,
      duration: 3000,
    };
  });
  const message = {
    type: 'end-of-call-report',
    timestamp: endedAtMs,
    endedReason,
    cost: Math.round((facts.durationSeconds / 60) * 0.1 * 10_000) / 10_000,
    startedAt,
    endedAt,
    durationMs: facts.durationSeconds * 1000,
    durationSeconds: facts.durationSeconds,
    durationMinutes: Math.round((facts.durationSeconds / 60) * 10_000) / 10_000,
    artifact: { transcript: facts.transcript, messages: turns },
    analysis: { summary: facts.summary, successEvaluation: 'true' },
    phoneNumber: { id: randomUUID(), orgId, provider: 'twilio', number, createdAt: startedAt, updatedAt: startedAt },
    customer,
    assistant,
    call: {
      id: facts.vapiCallId,
      orgId,
      type: 'inboundPhoneCall',
      status: 'ended',
      endedReason,
      phoneCallProvider: 'twilio',
      phoneCallTransport: 'pstn',
      createdAt: startedAt,
      updatedAt: endedAt,
      startedAt,
      endedAt,
      customer,
      assistant,
    },
  };
  return {
    method: 'POST',
    path: vapiPath,
    headers: { 'content-type': 'application/json; charset=utf-8', 'x-vapi-secret': credentials.vapiServerSecret },
    body: JSON.stringify({ message }),
  };
}

/** The facts of report `k` to tenant `t`: its transcript and summary name both, so a swapped report shows. */
export function reportFacts(t: number, k: number, vapiCallId: string, endedAt: Date): ReportFacts {
  return {
    vapiCallId,
    tenant: t,
    from: callerOf(t, k),
    transcript: `AI: Thank you for calling Business ${t}.\nUser: This is caller ${k}, I would like an appointment.\nAI: Booked, see you then.`,
    summary: `Caller ${k} of business ${t} booked an appointment.`,
    endedAt,
    durationSeconds: 30 + (k % 90),
  };
}

/** A dashboard request by tenant `t`'s owner, signed in through development sign-in. */
export function dashboardGet(owner: string, path: string): PreparedRequest {
  return { method: 'GET', path, headers: { authorization: `Bearer dev:${owner}` } };
}

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
