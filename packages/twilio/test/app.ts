import { randomBytes } from 'node:crypto';
import {
  type CallHandoff,
  type CallHandoffInput,
  createDevAuth,
  createNuvatra,
  createSecretBox,
  definePlugin,
  type Logger,
  type SecretBox,
  type Storage,
} from '@nuvatra/core';
import { createSqliteJobQueue, createSqliteStorage } from '@nuvatra/storage-sqlite';
import twilioSdk from 'twilio';
import { type TwilioOptions, twilio } from '../src/index.js';

// Test-only: one deployment on in-memory SQLite with the real createNuvatra, the Twilio plugin and a stand-in voice
// agent (our own hand-off interface, in place of Vapi), plus Twilio's requests, signed with Twilio's library.

export const publicBaseUrl = 'https://voice.example.com';
export const deployment = { accountSid: `AC${'d'.repeat(32)}`, authToken: 'deployment-auth-token-0123456789ab' };

export const numbers = {
  shared: '+15559999999',
  clinicALine: '+15551111111',
  clinicBLine: '+15552222222',
  soloOwned: '+15553333333',
  pausedOwned: '+15554444444',
  unregistered: '+15550000000',
  caller: '+14155550123',
};

export const agentTwiml =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://agent.example/stream"/></Connect></Response>';

let sequence = 0;
/** A fresh SID of Twilio's shape: two letters and 32 hex digits. */
export const sid = (prefix: 'CA' | 'SM' | 'AC') => `${prefix}${(++sequence).toString(16).padStart(32, '0')}`;

export interface TestAppOptions {
  /** The plugin's options; a function receives the deployment's secret box, to hand it to the plugin too. */
  twilio?: TwilioOptions | ((secretBox: SecretBox | undefined) => TwilioOptions);
  /** What the stand-in voice agent does with a call. */
  agent?: 'answers' | 'passes' | 'fails';
  /** false: the deployment has no NUVATRA_SECRET_KEY. */
  secretBox?: boolean;
  /** true: a job queue (SQLite, no worker; the test runs due jobs with `runJobs`); none by default. */
  queue?: boolean;
}

export interface SendOptions {
  /** The token the request is signed with (the deployment's by default). */
  authToken?: string;
  /** The URL the signature is computed over (the public URL Twilio calls by default). */
  signedUrl?: string;
  /** Overrides the computed signature; null sends none. */
  signature?: string | null;
  headers?: Record<string, string>;
}

export async function createTestApp(options: TestAppOptions = {}) {
  const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  await storage.migrate();
  const secretBox: SecretBox | undefined =
    options.secretBox === false ? undefined : createSecretBox({ keys: { k1: randomBytes(32) }, primaryKeyId: 'k1' });
  const handOffs: CallHandoffInput[] = [];
  const errors: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = { info() {}, warn() {}, error: (message, fields) => void errors.push({ message, fields }) };
  const agent = options.agent ?? 'answers';
  const pluginOptions = typeof options.twilio === 'function' ? options.twilio(secretBox) : options.twilio;
  const voiceAgent = definePlugin({
    name: 'stub-voice-agent',
    hooks: {
      handOffCall(input): CallHandoff | undefined {
        handOffs.push(input);
        if (agent === 'fails') throw new Error('voice agent API unreachable');
        if (agent === 'passes') return undefined;
        return { format: 'twiml', body: agentTwiml, agentCallId: `agent-${input.call.providerCallId}`, agent: 'stub' };
      },
    },
  });
  const queue = options.queue ? createSqliteJobQueue({ storage }) : null;
  await queue?.migrate();
  const nuvatra = createNuvatra({
    storage,
    auth: createDevAuth({ nodeEnv: 'test' }),
    adminUserIds: ['root'],
    logger,
    publicBaseUrl,
    ...(secretBox ? { secretBox } : {}),
    plugins: [twilio({ ...deployment, ...pluginOptions }), voiceAgent],
    ...(queue ? { jobs: { driver: queue, worker: false as const } } : {}),
  });
  const tenants = await seed(storage);

  async function post(path: string, params: Record<string, string>, send: SendOptions = {}): Promise<Response> {
    return nuvatra.handle(signedRequest(`http://localhost${path}`, path, params, send));
  }

  /** A dashboard request, signed in (development auth) as the owner of a tenant: Solo by default. */
  async function api(method: string, path: string, options: { as?: string; body?: unknown } = {}) {
    const headers = new Headers({ authorization: `Bearer dev:${options.as ?? 'owner@solo-physio'}` });
    if (options.body !== undefined) headers.set('content-type', 'application/json');
    const body = options.body === undefined ? null : JSON.stringify(options.body);
    return nuvatra.handle(new Request(`http://localhost${path}`, { method, headers, body }));
  }

  /** Runs what is due now, as a worker would; answers each job's outcome. */
  const runJobs = async () => (await nuvatra.jobs?.runDue()) ?? [];

  return {
    nuvatra,
    runJobs,
    storage,
    secretBox,
    handOffs,
    errors,
    tenants,
    post,
    api,
    snapshot: () => snapshot(storage, tenants),
  };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A POST as Twilio sends it: form-encoded, signed over the public URL and every parameter. */
export function signedRequest(target: string, path: string, params: Record<string, string>, send: SendOptions = {}) {
  const signature =
    send.signature === undefined
      ? twilioSdk.getExpectedTwilioSignature(
          send.authToken ?? deployment.authToken,
          send.signedUrl ?? `${publicBaseUrl}${path}`,
          params,
        )
      : send.signature;
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', ...send.headers });
  if (signature !== null) headers.set('x-twilio-signature', signature);
  return new Request(target, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

/** Clinics A and B forward their own lines to one shared number; Solo owns its number; Paused is suspended. */
async function seed(storage: Storage) {
  await storage.sharedNumbers.add({ number: numbers.shared, provider: 'twilio', label: 'Shared assistant' });
  const tenant = async (slug: string, name: string, number: string, kind: 'owned' | 'forwarding') => {
    const created = await storage.tenants.create({ slug, name });
    await storage.withTenant(created.id, async (scope) => {
      await scope.phoneNumbers.create({ number, kind, provider: kind === 'owned' ? 'twilio' : null });
      await scope.members.add({ userId: 'owner', role: 'owner' });
      await scope.config.put({
        businessProfile: { name },
        timezone: 'America/New_York',
        greeting: { en: `Thank you for calling ${name}.` },
      });
    });
    return created;
  };
  const clinicA = await tenant('clinic-a', 'Clinic A', numbers.clinicALine, 'forwarding');
  const clinicB = await tenant('clinic-b', 'Clinic B', numbers.clinicBLine, 'forwarding');
  const solo = await tenant('solo-physio', 'Solo Physio', numbers.soloOwned, 'owned');
  const paused = await tenant('paused-dental', 'Paused Dental', numbers.pausedOwned, 'owned');
  await storage.tenants.update(paused.id, { status: 'suspended' });
  return { clinicA, clinicB, solo, paused };
}

/** Everything a webhook could have written, per tenant and for admins. */
async function snapshot(storage: Storage, tenants: Record<string, { id: string }>) {
  const perTenant: Record<string, unknown> = {};
  for (const [name, { id }] of Object.entries(tenants)) {
    perTenant[name] = await storage.withTenant(id, async (scope) => ({
      calls: (await scope.calls.list()).items,
      conversations: (await scope.conversations.list()).items,
      audit: (await scope.auditEvents.list()).items,
    }));
  }
  return { tenants: perTenant, unrouted: (await storage.unrouted.list()).items };
}

/** Twilio's voice request for an incoming call ("TwiML Voice: Twilio's Request"), geographic fields included. */
export function voiceRequest(fields: {
  CallSid: string;
  To: string;
  From?: string;
  [key: string]: string | undefined;
}) {
  const { CallSid, To, From = numbers.caller, ...rest } = fields;
  return withoutUndefined({
    AccountSid: deployment.accountSid,
    ApiVersion: '2010-04-01',
    CallSid,
    CallStatus: 'ringing',
    Called: To,
    CalledCity: '',
    CalledCountry: 'US',
    CalledState: '',
    CalledZip: '',
    Caller: From,
    CallerCity: 'SAN FRANCISCO',
    CallerCountry: 'US',
    CallerState: 'CA',
    CallerZip: '94103',
    Direction: 'inbound',
    From,
    FromCity: 'SAN FRANCISCO',
    FromCountry: 'US',
    FromState: 'CA',
    FromZip: '94103',
    To,
    ToCity: '',
    ToCountry: 'US',
    ToState: '',
    ToZip: '',
    ...rest,
  });
}

/** A number's status callback: the voice parameters plus the progress fields Twilio adds. */
export function statusCallback(fields: {
  CallSid: string;
  To: string;
  CallStatus: string;
  [key: string]: string | undefined;
}) {
  return voiceRequest({ CallbackSource: 'call-progress-events', SequenceNumber: '0', ...fields });
}

/** Twilio's request to a number's messaging URL for an inbound SMS. */
export function smsRequest(fields: { MessageSid: string; To: string; Body: string; From?: string }) {
  const { MessageSid, To, Body, From = numbers.caller } = fields;
  return {
    ToCountry: 'US',
    ToState: '',
    SmsMessageSid: MessageSid,
    NumMedia: '0',
    ToCity: '',
    FromZip: '94103',
    SmsSid: MessageSid,
    FromState: 'CA',
    SmsStatus: 'received',
    FromCity: 'SAN FRANCISCO',
    Body,
    FromCountry: 'US',
    To,
    ToZip: '',
    NumSegments: '1',
    MessageSid,
    AccountSid: deployment.accountSid,
    From,
    ApiVersion: '2010-04-01',
  };
}

function withoutUndefined(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
