import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKeyAuth, createId, createNuvatra, silentLogger } from '@nuvatra/core';
import { serve } from '@nuvatra/node';
import { createSqliteDriver, createSqliteStorage } from '@nuvatra/storage-sqlite';
import { vapi } from '@nuvatra/vapi';
import { answerParent, isChildOf, isQuick, type RunOptions, round, startChild } from './harness.js';
import { endOfCallReport } from './ingest.js';
import type { BenchFigure, BenchSection } from './results.js';

// Memory of a server holding many tenants' routing: a Nuvatra server (@nuvatra/node, the Vapi plugin, SQLite
// shared file) whose database holds N tenants, each with an owned number, against the same server with 10
// tenants. The server runs in a child process with --expose-gc; after it has resolved calls to random tenants'
// numbers (end-of-call reports through its handler) it collects garbage twice and reports RSS and heap used.
// Seeding uses the storage driver directly: every tenant row in one transaction, each tenant's number in its own.

const publicBaseUrl = 'https://memory.bench.example';
const numberOf = (n: number) => `+1556${String(1_000_000 + n).padStart(7, '0')}`;

interface Measurement {
  rssMiB: number;
  heapUsedMiB: number;
  resolved: number;
}

async function child() {
  const [filename, tenantsArg, probesArg] = process.argv.slice(2) as [string, string, string];
  const tenants = Number(tenantsArg);
  const secret = randomBytes(24).toString('hex');
  const storage = createSqliteStorage({ mode: 'shared', filename });
  await storage.migrate();
  const nuvatra = createNuvatra({
    storage,
    auth: createApiKeyAuth({
      keys: [{ key: randomBytes(24).toString('hex'), principal: 'bench', isGlobalAdmin: true }],
    }),
    plugins: [vapi({ serverSecret: secret, env: {} })],
    publicBaseUrl,
    logger: silentLogger,
  });
  await serve(nuvatra, { port: 0, hostname: '127.0.0.1', publicBaseUrl });
  // Every number resolvable: a report to a random tenant's number lands in that tenant (a call stored there).
  let resolved = 0;
  for (let probe = 0; probe < Number(probesArg); probe++) {
    const n = Math.floor(Math.random() * tenants);
    const body = JSON.stringify(endOfCallReport(`mem-${probe}-${randomBytes(4).toString('hex')}`, numberOf(n)));
    const response = await nuvatra.handle(
      new Request(`${publicBaseUrl}/api/webhooks/vapi`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-vapi-secret': secret },
        body,
      }),
    );
    if (response.status !== 200) throw new Error(`memory: a report answered ${response.status}`);
    resolved += 1;
  }
  if ((await storage.unrouted.list({ limit: 1 })).items.length > 0) throw new Error('memory: a report was unrouted');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('memory: run the child with --expose-gc');
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const usage = process.memoryUsage();
  answerParent(async () => ({}));
  process.send?.({
    rssMiB: usage.rss / 2 ** 20,
    heapUsedMiB: usage.heapUsed / 2 ** 20,
    resolved,
  } satisfies Measurement);
}

async function seed(filename: string, tenants: number): Promise<void> {
  const driver = createSqliteDriver({ mode: 'shared', filename });
  await driver.migrate([]);
  const timestamp = new Date().toISOString();
  const ids = Array.from({ length: tenants }, () => createId('ten'));
  try {
    await driver.transaction(async (session) => {
      for (const [n, id] of ids.entries()) {
        await session.insert('tenants', {
          id,
          slug: `memory-${n}`,
          name: `Memory tenant ${n}`,
          status: 'active',
          plan: 'free',
          createdAt: timestamp,
          updatedAt: timestamp,
        });
      }
    });
    for (const [n, id] of ids.entries()) {
      await driver.withTenant(id, (session) =>
        session.insert('phoneNumbers', {
          id: createId('pn'),
          e164: numberOf(n),
          kind: 'owned',
          provider: null,
          label: null,
          createdAt: timestamp,
        }),
      );
    }
  } finally {
    await driver.close();
  }
}

async function measure(tenants: number, probes: number): Promise<Measurement & { seedSeconds: number }> {
  const directory = mkdtempSync(join(tmpdir(), 'nuvatra-bench-memory-'));
  const filename = join(directory, 'memory.sqlite');
  try {
    const started = Date.now();
    await seed(filename, tenants);
    const seedSeconds = (Date.now() - started) / 1000;
    const server = await startChild<Measurement>(import.meta.url, [filename, String(tenants), String(probes)], {
      execArgv: ['--expose-gc'],
    });
    await server.stop();
    return { ...server.ready, seedSeconds };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export async function run(options: RunOptions = {}): Promise<BenchSection> {
  const quick = isQuick(options);
  const many = Number(process.env.BENCH_MEMORY_TENANTS ?? (quick ? 10_000 : 100_000));
  const few = 10;
  const probes = quick ? 200 : 2000;
  const small = await measure(few, probes);
  const large = await measure(many, probes);
  const perThousand = (value: (m: Measurement) => number) => ((value(large) - value(small)) / (many - few)) * 1000;
  console.log(
    `  memory: ${few} tenants rss ${small.rssMiB.toFixed(1)} MiB heap ${small.heapUsedMiB.toFixed(1)} MiB; ${many} tenants rss ${large.rssMiB.toFixed(1)} MiB heap ${large.heapUsedMiB.toFixed(1)} MiB (seeded in ${large.seedSeconds.toFixed(1)} s)`,
  );
  const figure = (id: string, label: string, value: (m: Measurement) => number): BenchFigure[] => [
    {
      id: `memory.${id}`,
      label: `${label}, ${many.toLocaleString('en-US')} tenants`,
      unit: 'MiB',
      value: round(value(large), 1),
      baseline: { label: `${few} tenants`, value: round(value(small), 1) },
      ratio: value(large) / value(small),
      ratioKind: 'growth',
      details: { mibPer1000Tenants: round(perThousand(value), 3), resolvedReports: large.resolved },
    },
    {
      id: `memory.${id}.per-1000-tenants`,
      label: `${label} per 1,000 tenants`,
      unit: 'MiB',
      value: round(perThousand(value), 3),
    },
  ];
  return {
    name: 'Memory of tenant routing',
    figures: [
      ...figure('rss', 'RSS after GC', (m) => m.rssMiB),
      ...figure('heap', 'Heap used after GC', (m) => m.heapUsedMiB),
    ],
    notes: [
      `A server (@nuvatra/node + Vapi plugin, SQLite shared file) after ${probes} end-of-call reports to random tenants' numbers, then gc() (--expose-gc), in a child process. Routing lives in SQLite (indexed phone_numbers), not in the process: memory per tenant is what the page cache and the process keep. Seeded with the driver directly (tenants in one transaction, each number in its own).`,
    ],
  };
}

if (isChildOf(import.meta.url)) {
  child().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
