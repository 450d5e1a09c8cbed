import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import autocannon from 'autocannon';
import { freePort, startServerProcess } from './server-process.js';
import {
  allCalls,
  callerOf,
  dashboardGet,
  endOfCallReport,
  generateCredentials,
  type PreparedRequest,
  type ReportFacts,
  reportFacts,
  type SeededTenant,
  seededRandom,
  seedTenants,
  serverVariables,
  signedTwilioCall,
  tenantOfCaller,
} from './traffic.js';

// Mixed multi-tenant traffic against the example server (src/main.ts in its own process, on SQLite): signed
// Twilio incoming calls to random tenants' numbers, Vapi end-of-call reports, and each tenant's owner reading
// `GET /api/calls` and `GET /api/calls/:id`, some of them asking for another tenant's call on purpose (404).
// Every request is built and signed before the run. Every answer is checked as it comes (a call of another tenant
// in a dashboard answer is a leak), and the storage after it: each acknowledged webhook stored once, under the
// tenant whose number it called. Used by test/load.test.ts (a short run) and bench/src/multi-tenant-load.ts.

export const trafficKinds = ['twilio-inbound', 'vapi-end-of-call', 'dashboard-list', 'dashboard-get'] as const;
export type TrafficKind = (typeof trafficKinds)[number];

export interface LoadOptions {
  seconds: number;
  connections: number;
  tenants: number;
  seed: number;
  /** Signed webhooks made before the run, per provider; a longer run sends the first ones again (replays). */
  poolSize: number;
}

export interface KindFigures {
  kind: TrafficKind;
  /** Answers received. */
  answered: number;
  /** Answered 2xx. */
  succeeded: number;
  /** Answered as intended with a non-2xx: a dashboard asking for another tenant's call gets 404. */
  deliberate: number;
  /** Any other answer: must be 0. */
  unexpected: number;
  /** Answers that showed another tenant's call: must be 0. */
  leaks: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadReport {
  options: LoadOptions;
  kinds: KindFigures[];
  total: {
    requestsPerSecond: number;
    p50Ms: number;
    p99Ms: number;
    requests: number;
    errors: number;
    timeouts: number;
  };
  /** Whether the run outlasted a pool, so some webhooks were replays (which must still be stored once). */
  replayed: boolean;
  /** Distinct webhooks answered 2xx, per provider. */
  acknowledged: { twilio: number; vapi: number };
  /** Of those, the ones found in storage once, under the tenant they called. */
  stored: { twilio: number; vapi: number };
  /** Every problem seen, answers and storage: must be empty. At most 50 are kept. */
  problems: string[];
}

interface Item {
  kind: TrafficKind;
  tenant: number;
  request: PreparedRequest;
  /** The provider's id (CallSid or Vapi call id) for webhooks; for a deliberate cross-tenant read, the call asked for. */
  id?: string;
  facts?: ReportFacts;
  crossTenant?: boolean;
}

interface Context {
  item?: Item;
  sentAt?: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] as number) * 100) / 100;
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const root = mkdtempSync(join(tmpdir(), 'nuvatra-load-'));
  try {
    return await runIn(root, options);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function runIn(root: string, options: LoadOptions): Promise<LoadReport> {
  const random = seededRandom(options.seed);
  const pick = (n: number) => Math.floor(random() * n);
  const dataDir = join(root, 'data');
  const filename = join(dataDir, 'nuvatra.sqlite');
  const credentials = generateCredentials();
  const variables = serverVariables(credentials, dataDir, await freePort());

  const seeding = createSqliteStorage({ mode: 'shared', filename });
  await seeding.migrate();
  const tenants = await seedTenants(seeding, options.tenants, { prefix: 'load', callsPerTenant: 4 });
  await seeding.close();

  // Everything signed up front: the generator only picks.
  const twilioPool: Item[] = Array.from({ length: options.poolSize }, (_, k) => {
    const tenant = pick(tenants.length);
    const id = `CA${randomBytes(16).toString('hex')}`;
    return {
      kind: 'twilio-inbound',
      tenant,
      id,
      request: signedTwilioCall(credentials, tenant, id, callerOf(tenant, k)),
    };
  });
  const endedAt = new Date(Date.UTC(2026, 2, 2, 12));
  const vapiPool: Item[] = Array.from({ length: options.poolSize }, (_, k) => {
    const tenant = pick(tenants.length);
    const facts = reportFacts(tenant, k, randomUUID(), endedAt);
    return {
      kind: 'vapi-end-of-call',
      tenant,
      id: facts.vapiCallId,
      facts,
      request: endOfCallReport(credentials, facts),
    };
  });
  const listItems: Item[] = tenants.map((t) => ({
    kind: 'dashboard-list',
    tenant: t.index,
    request: dashboardGet(t.owner, '/api/calls?limit=50'),
  }));
  const getItems: Item[] = tenants.flatMap((t) =>
    t.callIds.map((id) => ({
      kind: 'dashboard-get' as const,
      tenant: t.index,
      request: dashboardGet(t.owner, `/api/calls/${id}`),
    })),
  );
  const crossItems: Item[] = tenants.map((t) => {
    const other = tenants[(t.index + 1 + pick(tenants.length - 1)) % tenants.length] as SeededTenant;
    const id = other.callIds[0] as string;
    return {
      kind: 'dashboard-get',
      tenant: t.index,
      id,
      crossTenant: true,
      request: dashboardGet(t.owner, `/api/calls/${id}`),
    };
  });

  let twilioNext = 0;
  let vapiNext = 0;
  let replayed = false;
  const nextOf = (pool: Item[], index: number) => {
    if (index >= pool.length) replayed = true;
    return pool[index % pool.length] as Item;
  };
  const choose = (): Item => {
    const r = random();
    if (r < 0.3) return nextOf(twilioPool, twilioNext++);
    if (r < 0.6) return nextOf(vapiPool, vapiNext++);
    if (r < 0.8) return listItems[pick(listItems.length)] as Item;
    // One read in ten asks for another tenant's call: the answer must be 404, never the call.
    return random() < 0.1 ? (crossItems[pick(crossItems.length)] as Item) : (getItems[pick(getItems.length)] as Item);
  };

  const figures = Object.fromEntries(
    trafficKinds.map((kind) => [
      kind,
      { answered: 0, succeeded: 0, deliberate: 0, unexpected: 0, leaks: 0, latencies: [] as number[] },
    ]),
  ) as Record<
    TrafficKind,
    Omit<KindFigures, 'kind' | 'requestsPerSecond' | 'p50Ms' | 'p99Ms'> & { latencies: number[] }
  >;
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < 50) problems.push(text);
  };
  const acknowledged = { twilio: new Map<string, Item>(), vapi: new Map<string, Item>() };
  const sent = { twilio: new Map<string, Item>(), vapi: new Map<string, Item>() };

  /** A call in a dashboard answer must be the reader's tenant's: by id, and by the caller its number was made for. */
  const checkCall = (item: Item, call: { tenantId?: string; from?: string | null }) => {
    const tenant = tenants[item.tenant] as SeededTenant;
    if (call.tenantId === tenant.id && tenantOfCaller(call.from ?? null) === tenant.index) return true;
    problem(`${item.kind} by ${tenant.slug} showed a call of ${call.tenantId} from ${call.from}`);
    return false;
  };

  const onAnswer = (item: Item, status: number, body: string) => {
    const figure = figures[item.kind];
    figure.answered += 1;
    if (item.crossTenant) {
      // The 404 names the id asked for, nothing of the call: an error body, never a call's fields.
      if (status === 404 && 'error' in JSON.parse(body) && !body.includes('"tenantId"')) figure.deliberate += 1;
      else if (status === 200) {
        figure.leaks += 1;
        problem(`tenant ${item.tenant} read another tenant's call ${item.id}`);
      } else {
        figure.unexpected += 1;
        problem(`cross-tenant read answered ${status}`);
      }
      return;
    }
    if (status < 200 || status >= 300) {
      figure.unexpected += 1;
      problem(`${item.kind} ${item.request.path} answered ${status}: ${body.slice(0, 200)}`);
      return;
    }
    figure.succeeded += 1;
    if (item.kind === 'twilio-inbound') acknowledged.twilio.set(item.id as string, item);
    else if (item.kind === 'vapi-end-of-call') acknowledged.vapi.set(item.id as string, item);
    else if (item.kind === 'dashboard-list') {
      const page = JSON.parse(body) as { items: Array<{ tenantId: string; from: string | null }> };
      for (const call of page.items) if (!checkCall(item, call)) figure.leaks += 1;
    } else if (!checkCall(item, JSON.parse(body) as { tenantId: string; from: string | null })) figure.leaks += 1;
  };

  const server = await startServerProcess(variables);
  let result: autocannon.Result;
  const startedAt = performance.now();
  try {
    result = await autocannon({
      url: server.url,
      connections: options.connections,
      duration: options.seconds,
      requests: [
        {
          setupRequest(request, context) {
            const item = choose();
            const ctx = context as Context;
            ctx.item = item;
            ctx.sentAt = performance.now();
            if (item.kind === 'twilio-inbound') sent.twilio.set(item.id as string, item);
            if (item.kind === 'vapi-end-of-call') sent.vapi.set(item.id as string, item);
            const { method, path, headers, body } = item.request;
            return { ...request, method, path, headers: { ...request.headers, ...headers }, body };
          },
          onResponse(status, body, context) {
            const ctx = context as Context;
            if (!ctx.item || ctx.sentAt === undefined) return;
            figures[ctx.item.kind].latencies.push(performance.now() - ctx.sentAt);
            try {
              onAnswer(ctx.item, status, body);
            } catch (error) {
              figures[ctx.item.kind].unexpected += 1;
              problem(`${ctx.item.kind}: unreadable answer (${(error as Error).message})`);
            }
          },
        },
      ],
    });
  } finally {
    await server.stop();
  }
  const elapsedSeconds = Math.max(options.seconds, (performance.now() - startedAt) / 1000);
  if (result.errors > 0) problem(`${result.errors} connection errors`);
  if (result.timeouts > 0) problem(`${result.timeouts} timeouts`);

  // The storage after the run: every acknowledged webhook once, under its tenant; nothing under another.
  const stored = { twilio: 0, vapi: 0 };
  const storage = createSqliteStorage({ mode: 'shared', filename });
  try {
    for (const tenant of tenants) {
      const seen = new Set<string>();
      for (const call of await allCalls(storage, tenant.id)) {
        if (tenantOfCaller(call.from) !== tenant.index) problem(`${tenant.slug} holds a call from ${call.from}`);
        if (seen.has(call.providerCallId)) problem(`${call.providerCallId} stored twice in ${tenant.slug}`);
        seen.add(call.providerCallId);
        if (tenant.callIds.includes(call.id)) continue;
        const item = (call.provider === 'vapi' ? sent.vapi : sent.twilio).get(call.providerCallId);
        if (!item) problem(`${tenant.slug} holds ${call.provider} call ${call.providerCallId}, never sent`);
        else if (item.tenant !== tenant.index)
          problem(`${call.providerCallId} of tenant ${item.tenant} is in ${tenant.slug}`);
        else if (item.facts && (call.summary !== item.facts.summary || call.transcript !== item.facts.transcript)) {
          problem(`${call.providerCallId}: the report's summary or transcript is not the one sent`);
        }
      }
      for (const [kind, map] of [
        ['twilio', acknowledged.twilio],
        ['vapi', acknowledged.vapi],
      ] as const) {
        for (const [id, item] of map) {
          if (item.tenant !== tenant.index) continue;
          if (seen.has(id)) stored[kind] += 1;
          else problem(`acknowledged ${kind} ${id} is not stored in ${tenant.slug}`);
        }
      }
    }
  } finally {
    await storage.close();
  }

  const kinds = trafficKinds.map((kind): KindFigures => {
    const { latencies, ...counts } = figures[kind];
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      kind,
      ...counts,
      requestsPerSecond: Math.round((counts.answered / elapsedSeconds) * 10) / 10,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
    };
  });
  return {
    options,
    kinds,
    total: {
      requestsPerSecond: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      requests: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
    },
    replayed,
    acknowledged: { twilio: acknowledged.twilio.size, vapi: acknowledged.vapi.size },
    stored,
    problems,
  };
}

/** The report as a few lines for a log. */
export function describeLoad(report: LoadReport): string[] {
  const { options, total } = report;
  return [
    `${options.tenants} tenants, ${options.connections} connections, ${options.seconds}s, seed ${options.seed}: ${Math.round(total.requestsPerSecond)} req/s, p50 ${total.p50Ms} ms, p99 ${total.p99Ms} ms, ${total.requests} requests, ${total.errors} errors, ${total.timeouts} timeouts${report.replayed ? ', some webhooks replayed' : ''}`,
    ...report.kinds.map(
      (k) =>
        `  ${k.kind.padEnd(17)} ${String(k.requestsPerSecond).padStart(7)} req/s  p50 ${k.p50Ms} ms  p99 ${k.p99Ms} ms  ${k.succeeded} ok, ${k.deliberate} deliberate 404, ${k.unexpected} unexpected, ${k.leaks} leaks`,
    ),
    `  stored: ${report.stored.twilio} Twilio calls, ${report.stored.vapi} Vapi reports acknowledged and found once under their tenant; ${report.problems.length} problems`,
  ];
}
