import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { models, type Storage } from '@nuvatra/core';
import { createPostgresStorage } from '@nuvatra/storage-postgres';
import { databaseUrl, isQuick, median, onPostgres as onServer, postgresMissing, type RunOptions } from './harness.js';
import type { BenchSection } from './results.js';

// Postgres with row-level security against the same adapter with RLS switched off, in the same run on the same
// server: end-of-call ingest (a call created in a tenant scope) and dashboard reads (a page of calls), through the
// storage (no HTTP). `pnpm bench postgres-rls`; NUVATRA_BENCH_POSTGRES_URL picks the server.

const tenantCount = Number(process.env.BENCH_TENANTS ?? 20);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function openVariant(name: string, rls: boolean) {
  const database = `nvbench_${name}_${randomBytes(3).toString('hex')}`;
  await onServer(`CREATE DATABASE "${database}"`);
  const storage = createPostgresStorage({ mode: 'shared', connectionString: databaseUrl(database), maxConnections: 8 });
  await storage.migrate();
  if (!rls) {
    // The baseline: the same tables, grants and role switch, without the policies' per-row check.
    for (const model of Object.values(models).filter((m) => m.tenantOwned)) {
      await onServer(`ALTER TABLE ${model.table} NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY`, database);
    }
  }
  const tenants: string[] = [];
  for (let index = 0; index < tenantCount; index++) {
    tenants.push((await storage.tenants.create({ slug: `t${index}`, name: `Tenant ${index}` })).id);
  }
  return { name, database, storage, tenants };
}

/** Runs `count` operations `concurrency` at a time; answers operations per second. */
async function throughput(count: number, operation: (index: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await operation(next++);
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

let sequence = 0;
const ingest = (storage: Storage, tenants: string[]) => (index: number) =>
  storage.withTenant(tenants[index % tenants.length] as string, (scope) =>
    scope.calls.create({
      provider: 'vapi',
      providerCallId: `bench-${++sequence}`,
      to: '+12125550100',
      status: 'completed',
      durationSeconds: 42,
      transcript: 'AI: Hello.\nUser: I would like to book a table for two.',
      summary: 'Booked a table.',
      outcome: 'booked',
    }),
  );
const read = (storage: Storage, tenants: string[]) => (index: number) =>
  storage.withTenant(tenants[index % tenants.length] as string, (scope) => scope.calls.list({ limit: 50 }));

export async function run(options: RunOptions = {}): Promise<BenchSection> {
  const name = 'Postgres row-level security (storage level)';
  const missing = await postgresMissing();
  if (missing) {
    console.log(`  ${missing}`);
    return { name, figures: [], notes: [missing] };
  }
  const quick = isQuick(options);
  const operations = Number(process.env.BENCH_OPERATIONS ?? (quick ? 500 : 3000));
  const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 2 : 3));
  const variants = [await openVariant('rls', true), await openVariant('norls', false)];
  const results: Record<string, { ingest: number[]; read: number[] }> = {
    rls: { ingest: [], read: [] },
    norls: { ingest: [], read: [] },
  };
  try {
    // A warm-up pass each (JIT, connection pool, statement plans), then alternating rounds, so drift on the
    // machine falls on both variants alike.
    for (const variant of variants) {
      await throughput(200, ingest(variant.storage, variant.tenants));
      await throughput(200, read(variant.storage, variant.tenants));
    }
    for (let round = 0; round < rounds; round++) {
      for (const variant of variants) {
        results[variant.name]?.ingest.push(await throughput(operations, ingest(variant.storage, variant.tenants)));
        results[variant.name]?.read.push(await throughput(operations, read(variant.storage, variant.tenants)));
      }
    }
  } finally {
    for (const variant of variants) {
      await variant.storage.close();
      await onServer(`DROP DATABASE IF EXISTS "${variant.database}" WITH (FORCE)`);
    }
  }
  const rows = (['ingest', 'read'] as const).map((kind) => {
    const withRls = median(results.rls?.[kind] ?? []);
    const without = median(results.norls?.[kind] ?? []);
    return { kind, withRls, without, ratio: withRls / without };
  });
  return {
    name,
    figures: rows.map((row) => ({
      id: `postgres-rls.${row.kind}`,
      label:
        row.kind === 'ingest'
          ? 'End-of-call ingest (calls.create in a tenant scope), with RLS'
          : 'Dashboard read (a page of 50 calls), with RLS',
      unit: 'ops/s',
      value: Math.round(row.withRls),
      baseline: { label: 'without RLS', value: Math.round(row.without) },
      ratio: row.ratio,
      target: { text: '≥ 0.9× without RLS', met: row.ratio >= 0.9 },
    })),
    notes: [
      `${tenantCount} tenants, ${operations} operations × ${rounds} rounds (median), ${concurrency} at a time, the variants alternating so drift on the machine falls on both alike. Without RLS: the same tables, grants and role switch, with the policies disabled.`,
    ],
  };
}
