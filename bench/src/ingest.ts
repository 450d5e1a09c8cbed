import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKeyAuth, createNuvatra, models, type Storage, silentLogger } from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { createPostgresStorage } from '@nuvatra/storage-postgres';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { vapi } from '@nuvatra/vapi';
import Database from 'better-sqlite3';
import {
  answerParent,
  closedLoop,
  databaseUrl,
  isChildOf,
  isQuick,
  type LoadResult,
  onPostgres,
  postgresMissing,
  type RunOptions,
  round,
  startChild,
} from './harness.js';
import type { BenchFigure, BenchSection } from './results.js';

// End-of-call-report ingest: Vapi `end-of-call-report` server messages, each for a call first heard of in its
// report, posted with the X-Vapi-Secret header to `POST /api/webhooks/vapi` of a Nuvatra server (@nuvatra/node,
// the Vapi plugin), which checks the secret, parses, resolves the tenant from the called number and stores the
// call with its transcript once (receipt + call + report). The baseline is a bare node:http handler that checks
// the same header, parses the same JSON and inserts the same call row into a bare better-sqlite3 table (same
// pragmas: WAL, synchronous=NORMAL). Servers run in a child process; the load comes from this one.

const publicBaseUrl = 'https://voice.bench.example';
const webhookPath = '/api/webhooks/vapi';
const variants = ['bare-sqlite', 'sqlite-shared', 'sqlite-per-tenant', 'postgres-rls', 'postgres-no-rls'] as const;
type Variant = (typeof variants)[number];

/** The owned number of tenant `n` in this bench: +1 555 3xx xxxx, fictional and unique. */
export const ingestNumber = (n: number) => `+1555${String(3_000_000 + n).padStart(7, '0')}`;

const orgId = 'org-5c4d030f';

/**
 * An end-of-call report as Vapi posts it (docs.vapi.ai/server-url/events, the SDK's `ServerMessageEndOfCallReport`;
 * the same shape as packages/vapi/test/payloads.ts) for a Vapi call on `to`.
 */
export function endOfCallReport(callId: string, to: string, from = '+15550109999') {
  const createdAt = new Date(Date.now() - 100_000).toISOString();
  const timestamp = Date.parse(createdAt);
  const phoneNumber = {
    id: 'pn-9b2e',
    orgId,
    provider: 'twilio',
    number: to,
    twilioAccountSid: `AC${'0'.repeat(32)}`,
    createdAt,
    updatedAt: createdAt,
  };
  return {
    message: {
      type: 'end-of-call-report',
      endedReason: 'customer-ended-call',
      cost: 0.1234,
      startedAt: new Date(timestamp + 5000).toISOString(),
      endedAt: new Date(timestamp + 100_500).toISOString(),
      durationSeconds: 95.5,
      artifact: {
        transcript:
          'AI: Hello, Sunrise Dental, how can I help you today?\nUser: I would like to book a check-up on Monday.\nAI: Monday at ten is free. Shall I book it?\nUser: Yes, please.\n',
        messages: [
          { role: 'system', message: 'You are the receptionist…', time: timestamp, secondsFromStart: 0 },
          {
            role: 'bot',
            message: 'Hello, Sunrise Dental, how can I help you today?',
            time: timestamp + 5500,
            endTime: timestamp + 8000,
            secondsFromStart: 0.5,
            duration: 2500,
            source: '',
          },
          {
            role: 'user',
            message: 'I would like to book a check-up on Monday.',
            time: timestamp + 9000,
            endTime: timestamp + 11000,
            secondsFromStart: 4,
            duration: 2000,
          },
          {
            role: 'tool_calls',
            message: '',
            time: timestamp + 12000,
            secondsFromStart: 7,
            toolCalls: [
              { id: 'call_tool_1', type: 'function', function: { name: 'book_appointment', arguments: '{}' } },
            ],
          },
          {
            role: 'tool_call_result',
            toolCallId: 'call_tool_1',
            name: 'book_appointment',
            result: 'booked',
            time: timestamp + 12500,
            secondsFromStart: 7.5,
          },
          {
            role: 'bot',
            message: 'Monday at ten is free. Shall I book it?',
            time: timestamp + 13000,
            endTime: timestamp + 15000,
            secondsFromStart: 8,
            duration: 2000,
          },
          {
            role: 'user',
            message: 'Yes, please.',
            time: timestamp + 16000,
            endTime: timestamp + 17000,
            secondsFromStart: 11,
            duration: 1000,
          },
        ],
        recordingUrl: 'https://storage.vapi.ai/5c4d030f-mono.wav',
      },
      analysis: { summary: 'The caller booked a check-up for Monday at 10:00.', successEvaluation: 'true' },
      timestamp,
      phoneNumber,
      customer: { number: from },
      call: {
        id: callId,
        orgId,
        type: 'inboundPhoneCall',
        status: 'ended',
        phoneCallProvider: 'twilio',
        phoneCallTransport: 'pstn',
        phoneCallProviderId: `CA${callId
          .replace(/[^0-9a-f]/g, '')
          .padStart(32, '0')
          .slice(-32)}`,
        createdAt,
        updatedAt: createdAt,
        customer: { number: from },
        phoneNumberId: phoneNumber.id,
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The servers (child process).

const bareSchema = `
CREATE TABLE IF NOT EXISTS calls (
  id TEXT PRIMARY KEY,
  provider_call_id TEXT NOT NULL UNIQUE,
  from_number TEXT,
  to_number TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT,
  ended_at TEXT,
  duration_seconds REAL,
  transcript TEXT,
  messages TEXT NOT NULL,
  recording_url TEXT,
  summary TEXT,
  ended_reason TEXT,
  cost REAL,
  created_at TEXT NOT NULL
) STRICT`;

interface BareReport {
  message: {
    type: string;
    call: { id: string };
    phoneNumber?: { number: string };
    customer?: { number: string };
    startedAt?: string;
    endedAt?: string;
    durationSeconds?: number;
    artifact?: { transcript?: string; messages?: unknown[]; recordingUrl?: string };
    analysis?: { summary?: string };
    endedReason?: string;
    cost?: number;
  };
}

async function bareServer(filename: string, secret: string): Promise<number> {
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(bareSchema);
  const insert = db.prepare(
    `INSERT INTO calls (id, provider_call_id, from_number, to_number, status, started_at, ended_at, duration_seconds,
       transcript, messages, recording_url, summary, ended_reason, cost, created_at)
     VALUES (?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const expected = createHash('sha256').update(secret).digest();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const given = createHash('sha256')
        .update(String(req.headers['x-vapi-secret'] ?? ''))
        .digest();
      if (!timingSafeEqual(given, expected)) {
        res.writeHead(401).end();
        return;
      }
      const { message } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BareReport;
      insert.run(
        `call_${randomBytes(16).toString('hex')}`,
        message.call.id,
        message.customer?.number ?? null,
        message.phoneNumber?.number ?? '',
        message.startedAt ?? null,
        message.endedAt ?? null,
        message.durationSeconds ?? null,
        message.artifact?.transcript ?? null,
        JSON.stringify(message.artifact?.messages ?? []),
        message.artifact?.recordingUrl ?? null,
        message.analysis?.summary ?? null,
        message.endedReason ?? null,
        message.cost ?? null,
        new Date().toISOString(),
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as { port: number }).port;
}

function openStorage(variant: Variant, location: string): Storage {
  if (variant === 'sqlite-shared') return createSqliteStorage({ mode: 'shared', filename: location });
  if (variant === 'sqlite-per-tenant') return createSqliteStorage({ mode: 'file-per-tenant', directory: location });
  return createPostgresStorage({ mode: 'shared', connectionString: location, maxConnections: 8 });
}

async function nuvatraServer(variant: Variant, location: string, tenants: number, secret: string) {
  const storage = openStorage(variant, location);
  await storage.migrate();
  if (variant === 'postgres-no-rls') await disableRowLevelSecurity(location);
  for (let n = 0; n < tenants; n++) {
    const tenant = await storage.tenants.create({ slug: `ingest-${n}`, name: `Ingest tenant ${n}` });
    await storage.withTenant(tenant.id, (scope) =>
      scope.phoneNumbers.create({ number: ingestNumber(n), kind: 'owned' }),
    );
  }
  const nuvatra = createNuvatra({
    storage,
    auth: createApiKeyAuth({
      keys: [{ key: randomBytes(24).toString('hex'), principal: 'bench', isGlobalAdmin: true }],
    }),
    plugins: [vapi({ serverSecret: secret, env: {} })],
    publicBaseUrl,
    logger: silentLogger,
  });
  const server = await serve(nuvatra, { port: 0, hostname: '127.0.0.1', publicBaseUrl });
  return Number(new URL(server.url).port);
}

/** The baseline of the Postgres pair: the same tables, grants and role switch, without the policies' check. */
export async function disableRowLevelSecurity(connectionString: string): Promise<void> {
  const database = new URL(connectionString).pathname.slice(1);
  for (const model of Object.values(models).filter((m) => m.tenantOwned)) {
    await onPostgres(`ALTER TABLE ${model.table} NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY`, database);
  }
}

async function child() {
  const [variant, tenants, location] = process.argv.slice(2) as [Variant, string, string];
  const secret = process.env.NUVATRA_BENCH_VAPI_SECRET ?? '';
  const port =
    variant === 'bare-sqlite'
      ? await bareServer(location, secret)
      : await nuvatraServer(variant, location, Number(tenants), secret);
  answerParent(async () => ({}));
  process.send?.({ port });
}

// ---------------------------------------------------------------------------------------------------------------
// The load (parent process).

interface Measured {
  variant: Variant;
  load: LoadResult;
  stored: number;
  sent: number;
}

let sequence = 0;

async function measure(
  variant: Variant,
  settings: { tenants: number; seconds: number; warmUp: number; concurrency: number },
): Promise<Measured> {
  const secret = randomBytes(24).toString('hex');
  const directory = mkdtempSync(join(tmpdir(), 'nuvatra-bench-ingest-'));
  let database: string | undefined;
  let location: string;
  if (variant === 'bare-sqlite') location = join(directory, 'bare.sqlite');
  else if (variant === 'sqlite-shared') location = join(directory, 'shared.sqlite');
  else if (variant === 'sqlite-per-tenant') location = join(directory, 'tenants');
  else {
    database = `nvbench_ingest_${randomBytes(4).toString('hex')}`;
    await onPostgres(`CREATE DATABASE "${database}"`);
    location = databaseUrl(database);
  }
  try {
    const server = await startChild<{ port: number }>(import.meta.url, [variant, String(settings.tenants), location], {
      env: { NUVATRA_BENCH_VAPI_SECRET: secret },
    });
    try {
      const next = () => {
        sequence += 1;
        const tenant = Math.floor(Math.random() * settings.tenants);
        const callId = `bench-${process.pid}-${sequence.toString(16).padStart(10, '0')}`;
        return {
          method: 'POST' as const,
          path: webhookPath,
          headers: { 'content-type': 'application/json; charset=utf-8', 'x-vapi-secret': secret },
          body: JSON.stringify(endOfCallReport(callId, ingestNumber(tenant))),
        };
      };
      const port = server.ready.port;
      const warm = await closedLoop({ port, concurrency: settings.concurrency, seconds: settings.warmUp, next });
      const load = await closedLoop({ port, concurrency: settings.concurrency, seconds: settings.seconds, next });
      await server.stop();
      const stored = await countStored(variant, location);
      return { variant, load, stored, sent: warm.requests - warm.errors + load.requests - load.errors };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
    if (database) await onPostgres(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => {});
  }
}

async function countStored(variant: Variant, location: string): Promise<number> {
  if (variant.startsWith('postgres')) {
    const result = await onPostgres('SELECT count(*)::int AS n FROM calls', new URL(location).pathname.slice(1));
    return Number(result.rows[0]?.n ?? 0);
  }
  const files =
    variant === 'sqlite-per-tenant'
      ? readdirSync(join(location, 'tenants'))
          .filter((name) => name.endsWith('.sqlite'))
          .map((name) => join(location, 'tenants', name))
      : [location];
  let total = 0;
  for (const file of files) {
    const db = new Database(file, { readonly: true });
    total += Number(db.prepare('SELECT COUNT(*) FROM calls').pluck().get());
    db.close();
  }
  return total;
}

const labels: Record<Variant, string> = {
  'bare-sqlite': 'Bare node:http handler + better-sqlite3 insert (baseline)',
  'sqlite-shared': 'Nuvatra + Vapi plugin, SQLite shared file',
  'sqlite-per-tenant': 'Nuvatra + Vapi plugin, SQLite file per tenant',
  'postgres-rls': 'Nuvatra + Vapi plugin, Postgres with RLS',
  'postgres-no-rls': 'Nuvatra + Vapi plugin, Postgres without RLS',
};

function details(result: Measured): Record<string, number | string> {
  return {
    p50Ms: round(result.load.p50),
    p99Ms: round(result.load.p99),
    requests: result.load.requests,
    errors: result.load.errors,
    stored: result.stored,
    answered200: result.sent,
    ...(result.load.firstError ? { firstError: result.load.firstError } : {}),
  };
}

export async function run(options: RunOptions = {}): Promise<BenchSection> {
  const quick = isQuick(options);
  const settings = {
    tenants: Number(process.env.BENCH_INGEST_TENANTS ?? (quick ? 20 : 50)),
    seconds: Number(process.env.BENCH_SECONDS ?? (quick ? 1.5 : 10)),
    warmUp: quick ? 0.5 : 2,
    concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16),
  };
  const notes = [
    `${settings.concurrency} reports in flight, ${settings.seconds} s per variant after ${settings.warmUp} s of warm-up, ${settings.tenants} tenants; each report is for a new Vapi call on a random tenant's number (tenant resolved from the number, receipt + call stored once). The baseline checks the same X-Vapi-Secret, parses the same JSON and inserts the same row into a bare better-sqlite3 table with the same pragmas; it resolves no tenant and keeps no receipt.`,
  ];
  const missing = await postgresMissing();
  const only = process.env.BENCH_INGEST_VARIANTS?.split(',');
  const list = variants.filter(
    (variant) =>
      (!missing || !variant.startsWith('postgres')) && (!only || variant === 'bare-sqlite' || only.includes(variant)),
  );
  if (missing) notes.push(`Postgres variants ${missing}`);
  const results = new Map<Variant, Measured>();
  for (const variant of list) {
    const result = await measure(variant, settings);
    results.set(variant, result);
    console.log(
      `  ingest ${variant}: ${result.load.perSecond.toFixed(0)}/s p50 ${result.load.p50.toFixed(2)} ms p99 ${result.load.p99.toFixed(2)} ms errors ${result.load.errors} stored ${result.stored}/${result.sent}`,
    );
  }
  const figures: BenchFigure[] = [];
  const bare = results.get('bare-sqlite');
  for (const [variant, result] of results) {
    const value = round(result.load.perSecond, 0);
    const figure: BenchFigure = {
      id: `ingest.${variant}`,
      label: labels[variant],
      unit: 'reports/s',
      value,
      details: details(result),
    };
    if (variant.startsWith('sqlite') && bare) {
      figure.baseline = { label: 'bare handler', value: round(bare.load.perSecond, 0) };
      figure.ratio = result.load.perSecond / bare.load.perSecond;
      figure.target = { text: '≥ 2,000 reports/s', met: result.load.perSecond >= 2000 && result.load.errors === 0 };
    }
    const noRls = results.get('postgres-no-rls');
    if (variant === 'postgres-rls' && noRls) {
      figure.baseline = { label: 'Postgres without RLS', value: round(noRls.load.perSecond, 0) };
      figure.ratio = result.load.perSecond / noRls.load.perSecond;
      figure.target = { text: '≥ 0.9× without RLS', met: figure.ratio >= 0.9 && result.load.errors === 0 };
    }
    figures.push(figure);
  }
  for (const result of results.values()) {
    if (result.stored !== result.sent) {
      notes.push(`${result.variant}: ${result.stored} calls stored for ${result.sent} reports answered 200.`);
    }
  }
  return { name: 'End-of-call-report ingest', figures, notes };
}

if (isChildOf(import.meta.url)) {
  child().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
