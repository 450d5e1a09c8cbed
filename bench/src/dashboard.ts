import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevAuth, createNuvatra, silentLogger } from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import Database from 'better-sqlite3';
import {
  answerParent,
  closedLoop,
  type HttpRequestSpec,
  isChildOf,
  isQuick,
  type LoadResult,
  type RunOptions,
  round,
  startChild,
} from './harness.js';
import type { BenchFigure, BenchSection } from './results.js';

// The dashboard's call log: `GET /api/calls` (first page, then the page after a cursor) for random tenants' users,
// on one shared SQLite file holding `calls` calls across `tenants` tenants. The baseline is a bare node:http handler
// on the same file that finds the user's tenant and runs the same keyset query (same columns, same index), answering
// the same page as JSON. Seeding goes through the storage: one tenant and its member per transaction, then each
// tenant's calls in one transaction (calls.create, with its validation), the clock advanced a second per call.

const publicBaseUrl = 'https://dashboard.bench.example';
const pageSize = 50;
const userOf = (n: number) => `dash-user-${n}`;
const authOf = (n: number) => ({ authorization: `Bearer dev:${userOf(n)}` });

// ---------------------------------------------------------------------------------------------------------------
// The servers (child process).

const summaryColumns = `id, tenant_id, provider, provider_call_id, direction, from_number, to_number, forwarded_from,
  status, started_at, ended_at, duration_seconds, recording_url, summary, outcome, ended_reason, intent, cost,
  metadata, created_at, updated_at`;

interface CallRow {
  id: string;
  tenant_id: string;
  provider: string;
  provider_call_id: string;
  direction: string;
  from_number: string | null;
  to_number: string;
  forwarded_from: string | null;
  status: string;
  started_at: string | null;
  ended_at: string | null;
  duration_seconds: number | null;
  recording_url: string | null;
  summary: string | null;
  outcome: string | null;
  ended_reason: string | null;
  intent: string | null;
  cost: number | null;
  metadata: string;
  created_at: string;
  updated_at: string;
}

async function bareServer(filename: string): Promise<number> {
  const db = new Database(filename, { readonly: true });
  const tenantOf = db.prepare('SELECT tenant_id FROM tenant_members WHERE user_id = ?').pluck();
  const first = db.prepare(
    `SELECT ${summaryColumns} FROM calls WHERE tenant_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
  );
  const after = db.prepare(
    `SELECT ${summaryColumns} FROM calls WHERE tenant_id = ? AND (created_at, id) < (?, ?)
     ORDER BY created_at DESC, id DESC LIMIT ?`,
  );
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const user = /^Bearer dev:(.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const tenantId = user ? (tenantOf.get(user) as string | undefined) : undefined;
    if (!tenantId) {
      res.writeHead(401).end();
      return;
    }
    const limit = Number(url.searchParams.get('limit') ?? pageSize);
    const cursor = url.searchParams.get('cursor');
    const position = cursor
      ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string])
      : null;
    const rows = (
      position ? after.all(tenantId, position[0], position[1], limit + 1) : first.all(tenantId, limit + 1)
    ) as CallRow[];
    const items = rows.slice(0, limit).map((row) => ({
      id: row.id,
      tenantId: row.tenant_id,
      provider: row.provider,
      providerCallId: row.provider_call_id,
      direction: row.direction,
      from: row.from_number,
      to: row.to_number,
      forwardedFrom: row.forwarded_from,
      status: row.status,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      durationSeconds: row.duration_seconds,
      recordingUrl: row.recording_url,
      summary: row.summary,
      outcome: row.outcome,
      endedReason: row.ended_reason,
      intent: row.intent,
      cost: row.cost,
      metadata: JSON.parse(row.metadata) as unknown,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items, nextCursor }));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return (server.address() as { port: number }).port;
}

async function nuvatraServer(filename: string): Promise<number> {
  const storage = createSqliteStorage({ mode: 'shared', filename });
  await storage.migrate();
  // Development sign-in (`Bearer dev:<user>`): the user's only membership names the tenant, as with Clerk.
  const nuvatra = createNuvatra({
    storage,
    auth: createDevAuth({ nodeEnv: 'development' }),
    publicBaseUrl,
    logger: silentLogger,
  });
  const server = await serve(nuvatra, { port: 0, hostname: '127.0.0.1', publicBaseUrl });
  return Number(new URL(server.url).port);
}

async function child() {
  const [variant, filename] = process.argv.slice(2) as [string, string];
  const port = variant === 'bare-sql' ? await bareServer(filename) : await nuvatraServer(filename);
  answerParent(async () => ({}));
  process.send?.({ port });
}

// ---------------------------------------------------------------------------------------------------------------
// Seeding and load (parent process).

async function seed(filename: string, tenants: number, callsPerTenant: number): Promise<number> {
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  const now = () => {
    clock += 1000;
    return new Date(clock);
  };
  const storage = createSqliteStorage({ mode: 'shared', filename, now });
  await storage.migrate();
  const started = Date.now();
  try {
    for (let n = 0; n < tenants; n++) {
      const tenant = await storage.tenants.create({ slug: `dash-${n}`, name: `Dashboard tenant ${n}` });
      await storage.withTenant(tenant.id, async (scope) => {
        await scope.members.add({ userId: userOf(n), role: 'owner' });
        for (let c = 0; c < callsPerTenant; c++) {
          await scope.calls.create({
            provider: 'vapi',
            providerCallId: `dash-${n}-${c}`,
            from: '+15550109999',
            to: `+1555${String(4_000_000 + n).padStart(7, '0')}`,
            status: 'completed',
            durationSeconds: 60 + (c % 120),
            transcript: 'AI: Hello, how can I help?\nUser: I would like to book a table for two on Friday.',
            messages: [{ role: 'assistant', text: 'Hello, how can I help?' }],
            summary: 'Booked a table for two on Friday.',
            outcome: c % 3 === 0 ? 'booked' : 'answered',
            cost: 0.12,
          });
        }
      });
    }
  } finally {
    await storage.close();
  }
  return (Date.now() - started) / 1000;
}

interface PageResults {
  first: LoadResult;
  cursor: LoadResult;
}

async function measure(
  variant: 'nuvatra' | 'bare-sql',
  filename: string,
  settings: { seconds: number; concurrency: number; users: number; cursors: Map<number, string> },
): Promise<PageResults> {
  const server = await startChild<{ port: number }>(import.meta.url, [variant, filename]);
  try {
    const port = server.ready.port;
    const users = [...settings.cursors.keys()];
    const first = (): HttpRequestSpec => {
      const n = Math.floor(Math.random() * settings.users);
      return { method: 'GET', path: `/api/calls?limit=${pageSize}`, headers: authOf(n) };
    };
    const cursor = (): HttpRequestSpec => {
      const n = users[Math.floor(Math.random() * users.length)] as number;
      const path = `/api/calls?limit=${pageSize}&cursor=${settings.cursors.get(n)}`;
      return { method: 'GET', path, headers: authOf(n) };
    };
    const warmUp = Math.min(2, settings.seconds / 2);
    await closedLoop({ port, concurrency: settings.concurrency, seconds: warmUp, next: first });
    return {
      first: await closedLoop({ port, concurrency: settings.concurrency, seconds: settings.seconds, next: first }),
      cursor: await closedLoop({ port, concurrency: settings.concurrency, seconds: settings.seconds, next: cursor }),
    };
  } finally {
    await server.stop();
  }
}

/** The second page's cursor of some users, from Nuvatra's own first page (the bare server decodes the same one). */
async function collectCursors(filename: string, users: number, sample: number): Promise<Map<number, string>> {
  const server = await startChild<{ port: number }>(import.meta.url, ['nuvatra', filename]);
  const cursors = new Map<number, string>();
  try {
    while (cursors.size < Math.min(sample, users)) {
      const n = Math.floor(Math.random() * users);
      if (cursors.has(n)) continue;
      const response = await fetch(`http://127.0.0.1:${server.ready.port}/api/calls?limit=${pageSize}`, {
        headers: authOf(n),
      });
      const page = (await response.json()) as { items: unknown[]; nextCursor: string | null };
      if (response.status !== 200 || page.items.length !== pageSize || !page.nextCursor) {
        throw new Error(`dashboard: the first page of ${userOf(n)} answered ${response.status}`);
      }
      cursors.set(n, page.nextCursor);
    }
  } finally {
    await server.stop();
  }
  return cursors;
}

export async function run(options: RunOptions = {}): Promise<BenchSection> {
  const quick = isQuick(options);
  const tenants = Number(process.env.BENCH_DASHBOARD_TENANTS ?? (quick ? 100 : 1000));
  const callsPerTenant = Number(process.env.BENCH_DASHBOARD_CALLS_PER_TENANT ?? 100);
  const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 1.5 : 8));
  const concurrency = Number(process.env.BENCH_DASHBOARD_CONCURRENCY ?? 4);
  const directory = mkdtempSync(join(tmpdir(), 'nuvatra-bench-dashboard-'));
  const filename = join(directory, 'dashboard.sqlite');
  try {
    const seedSeconds = await seed(filename, tenants, callsPerTenant);
    console.log(
      `  dashboard: seeded ${tenants * callsPerTenant} calls across ${tenants} tenants in ${seedSeconds.toFixed(1)} s`,
    );
    const cursors = await collectCursors(filename, tenants, 200);
    const settings = { seconds, concurrency, users: tenants, cursors };
    const nuvatra = await measure('nuvatra', filename, settings);
    const bare = await measure('bare-sql', filename, settings);
    const figures: BenchFigure[] = [];
    for (const page of ['first', 'cursor'] as const) {
      const subject = nuvatra[page];
      const baseline = bare[page];
      const what = page === 'first' ? 'first page' : 'page after a cursor';
      for (const quantile of ['p50', 'p99'] as const) {
        figures.push({
          id: `dashboard.${page}-page.${quantile}`,
          label: `GET /api/calls, ${what}, ${quantile}`,
          unit: 'ms',
          value: round(subject[quantile]),
          baseline: { label: 'bare SQL handler', value: round(baseline[quantile]) },
          ratio: baseline[quantile] / subject[quantile],
          details: {
            requestsPerSecond: round(subject.perSecond, 0),
            baselineRequestsPerSecond: round(baseline.perSecond, 0),
            requests: subject.requests,
            errors: subject.errors + baseline.errors,
            ...(subject.firstError ? { firstError: subject.firstError } : {}),
            ...(baseline.firstError ? { baselineFirstError: baseline.firstError } : {}),
          },
        });
      }
      console.log(
        `  dashboard ${page}: nuvatra p50 ${subject.p50.toFixed(2)} p99 ${subject.p99.toFixed(2)} ms (${subject.perSecond.toFixed(0)}/s, errors ${subject.errors}); bare p50 ${baseline.p50.toFixed(2)} p99 ${baseline.p99.toFixed(2)} ms (${baseline.perSecond.toFixed(0)}/s, errors ${baseline.errors})`,
      );
    }
    return {
      name: 'Dashboard call log',
      figures,
      notes: [
        `${tenants * callsPerTenant} calls across ${tenants} tenants on one shared SQLite file (seeded through the storage in ${seedSeconds.toFixed(0)} s: a transaction per tenant). ${concurrency} users at a time for ${seconds} s per page kind, ${pageSize} calls a page; cursor pages use the second-page cursor of ${cursors.size} random users. Ratios are baseline ÷ Nuvatra (1.00× = as fast as the bare SQL handler).`,
      ],
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

if (isChildOf(import.meta.url)) {
  child().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
