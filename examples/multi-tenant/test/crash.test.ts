import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Call } from '@nuvatra/core';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, type ServerProcess, startServerProcess } from './support/server-process.js';
import {
  allCalls,
  endOfCallReport,
  generateCredentials,
  type PreparedRequest,
  type ReportFacts,
  reportFacts,
  type SeededTenant,
  seededRandom,
  seedTenants,
  serverVariables,
  tenantNumber,
  tenantOfCaller,
} from './support/traffic.js';

// Crash durability: the example server is killed with SIGKILL in the middle of a stream of Vapi end-of-call
// reports, ~16 in flight, three times. A report the server acknowledged (2xx) must be stored once as soon as the
// server is back, before any retry; one it never answered is stored once the provider retries it; and retrying
// every report, acknowledged or not, never stores one twice. CRASH_SEED=<seed> repeats a run's kill moments.

const seed = Number(process.env.CRASH_SEED ?? randomInt(2 ** 31));
const random = seededRandom(seed);
const cycles = 3;
const tenantCount = 6;
const reportsPerCycle = 96;
const inFlight = 16;

const root = mkdtempSync(join(tmpdir(), 'nuvatra-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Report {
  facts: ReportFacts;
  request: PreparedRequest;
  /** The server answered it 2xx at least once. */
  acknowledged: boolean;
}

async function send(url: string, request: PreparedRequest): Promise<number> {
  const response = await fetch(`${url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * Sends `queue` with `inFlight` requests at a time and kills the server with SIGKILL a random moment after the
 * `killAfter`-th acknowledgement. A request that dies with the server (reset, refused) is simply unanswered.
 */
async function streamUntilKilled(server: ServerProcess, queue: Report[], killAfter: number) {
  const refused: string[] = [];
  let next = 0;
  let acknowledgements = 0;
  let killed = false;
  let killing: Promise<void> | undefined;
  const worker = async () => {
    while (!killed && next < queue.length) {
      const report = queue[next++] as Report;
      let status: number;
      try {
        status = await send(server.url, report.request);
      } catch {
        continue;
      }
      if (status < 200 || status >= 300) {
        refused.push(`${report.facts.vapiCallId}: ${status}`);
        continue;
      }
      report.acknowledged = true;
      acknowledgements += 1;
      if (acknowledgements === killAfter) {
        const delayMs = random() * 5;
        killing = new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => {
          killed = true;
          return server.kill();
        });
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  if (!killing) throw new Error(`the stream ended after ${acknowledgements} acknowledgements, before the kill`);
  await killing;
  return { refused, acknowledgements, unsent: queue.length - next };
}

/** What the provider does until it gets a 2xx: sends the report again, every one of them. */
async function retryAll(url: string, reports: Report[]) {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < reports.length) {
      const report = reports[next++] as Report;
      let outcome = 'no answer';
      for (let attempt = 0; attempt < 3; attempt++) {
        try {
          const status = await send(url, report.request);
          outcome = String(status);
          break;
        } catch (error) {
          outcome = (error as Error).message;
        }
      }
      if (outcome === '200') report.acknowledged = true;
      else failures.push(`${report.facts.vapiCallId}: ${outcome}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return failures;
}

/** Vapi calls per tenant as each owner's dashboard lists them (`GET /api/calls`, every page). */
async function listedVapiCalls(url: string, tenants: SeededTenant[]) {
  const listed = new Map<number, Array<{ providerCallId: string; tenantId: string; from: string | null }>>();
  for (const tenant of tenants) {
    const calls: Array<{ provider: string; providerCallId: string; tenantId: string; from: string | null }> = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const response = await fetch(`${url}/api/calls?limit=200${query}`, {
        headers: { authorization: `Bearer dev:${tenant.owner}` },
      });
      expect(response.status).toBe(200);
      const page = (await response.json()) as { items: typeof calls; nextCursor: string | null };
      calls.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    listed.set(
      tenant.index,
      calls.filter((call) => call.provider === 'vapi'),
    );
  }
  return listed;
}

/** The problems with what the dashboards list: a report missing, stored twice, or under another tenant. */
function problemsOf(
  listed: Map<number, Array<{ providerCallId: string; tenantId: string; from: string | null }>>,
  tenants: SeededTenant[],
  sent: Report[],
  mustHave: (report: Report) => boolean,
) {
  const problems: string[] = [];
  const sentById = new Map(sent.map((report) => [report.facts.vapiCallId, report]));
  for (const tenant of tenants) {
    const calls = listed.get(tenant.index) ?? [];
    const seen = new Set<string>();
    for (const call of calls) {
      const report = sentById.get(call.providerCallId);
      if (seen.has(call.providerCallId)) problems.push(`${call.providerCallId} stored twice in ${tenant.slug}`);
      seen.add(call.providerCallId);
      if (!report) problems.push(`${call.providerCallId} in ${tenant.slug} was never sent`);
      else if (report.facts.tenant !== tenant.index || call.tenantId !== tenant.id)
        problems.push(`${call.providerCallId} of tenant ${report.facts.tenant} listed by ${tenant.slug}`);
      if (tenantOfCaller(call.from) !== tenant.index) problems.push(`${call.providerCallId}: caller ${call.from}`);
    }
    for (const report of sent.filter((r) => r.facts.tenant === tenant.index && mustHave(r))) {
      if (!seen.has(report.facts.vapiCallId)) problems.push(`${report.facts.vapiCallId} of ${tenant.slug} is missing`);
    }
  }
  return problems;
}

describe('crash durability of the multi-tenant example', () => {
  it('stores every acknowledged end-of-call report once after SIGKILL, and every unanswered one once retried', {
    timeout: 180_000,
  }, async () => {
    console.log(`crash test seed ${seed} (CRASH_SEED=${seed} repeats its kill moments)`);
    const dataDir = join(root, 'data');
    const filename = join(dataDir, 'nuvatra.sqlite');
    const credentials = generateCredentials();
    const variables = serverVariables(credentials, dataDir, await freePort());

    // The tenants, seeded through the storage before the server first starts (it migrates the rest).
    const seeding = createSqliteStorage({ mode: 'shared', filename });
    await seeding.migrate();
    const tenants = await seedTenants(seeding, tenantCount, { prefix: 'crash' });
    await seeding.close();

    const sent: Report[] = [];
    let server = await startServerProcess(variables);
    try {
      for (let cycle = 0; cycle < cycles; cycle++) {
        const batch: Report[] = Array.from({ length: reportsPerCycle }, (_, n) => {
          const t = Math.floor(random() * tenantCount);
          const facts = reportFacts(t, cycle * reportsPerCycle + n, randomUUID(), new Date(Date.UTC(2026, 2, 2, 9, n)));
          return { facts, request: endOfCallReport(credentials, facts), acknowledged: false };
        });
        sent.push(...batch);
        // A provider resending while its first attempt is still open: one in eight reports goes out twice.
        const queue = [...batch];
        for (const report of batch) {
          if (random() < 0.125) queue.splice(Math.floor(random() * queue.length), 0, report);
        }
        const killAfter = 8 + Math.floor(random() * (reportsPerCycle - 40));
        const stream = await streamUntilKilled(server, queue, killAfter);
        const acknowledged = batch.filter((r) => r.acknowledged).length;
        console.log(
          `cycle ${cycle + 1}: killed after ${stream.acknowledgements} answers (${acknowledged}/${batch.length} reports acknowledged, ${stream.unsent} queued unsent)`,
        );
        expect(stream.refused).toEqual([]);

        server = await startServerProcess(variables);
        // Before any retry: everything acknowledged is there, once, under its tenant.
        const afterRestart = await listedVapiCalls(server.url, tenants);
        expect(problemsOf(afterRestart, tenants, sent, (r) => r.acknowledged)).toEqual([]);

        expect(await retryAll(server.url, sent)).toEqual([]);
        const afterRetry = await listedVapiCalls(server.url, tenants);
        expect(problemsOf(afterRetry, tenants, sent, () => true)).toEqual([]);
      }
    } finally {
      await server.stop();
    }

    // The storage itself: one row per report with its transcript, summary and end, under the number's tenant.
    const storage = createSqliteStorage({ mode: 'shared', filename });
    try {
      const byId = new Map(sent.map((report) => [report.facts.vapiCallId, report.facts]));
      const stored: Call[] = [];
      let cursor: string | undefined;
      do {
        const page = await storage.tenants.list({ limit: 200, ...(cursor ? { cursor } : {}) });
        for (const tenant of page.items) stored.push(...(await allCalls(storage, tenant.id)));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const reported = stored.filter((call) => byId.has(call.providerCallId));
      expect(reported).toHaveLength(sent.length);
      expect(new Set(reported.map((call) => call.providerCallId)).size).toBe(sent.length);
      const tenantIds = new Map(tenants.map((tenant) => [tenant.index, tenant.id]));
      for (const call of reported) {
        const facts = byId.get(call.providerCallId) as ReportFacts;
        expect({
          provider: call.provider,
          tenantId: call.tenantId,
          to: call.to,
          from: call.from,
          transcript: call.transcript,
          summary: call.summary,
          endedAt: call.endedAt,
          status: call.status,
        }).toEqual({
          provider: 'vapi',
          tenantId: tenantIds.get(facts.tenant),
          to: tenantNumber(facts.tenant),
          from: facts.from,
          transcript: facts.transcript,
          summary: facts.summary,
          endedAt: facts.endedAt.toISOString(),
          status: 'completed',
        });
      }
      // And nothing else came of them: no other Vapi call in these tenants.
      const ours = new Set(tenantIds.values());
      const extra = stored.filter((c) => ours.has(c.tenantId) && c.provider === 'vapi' && !byId.has(c.providerCallId));
      expect(extra).toEqual([]);
    } finally {
      await storage.close();
    }
  });
});
