import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { models, type Storage } from '@nuvatra/core';
import { createPostgresStorage } from '@nuvatra/storage-postgres';
import pg from 'pg';

// Postgres with row-level security against the same adapter with RLS switched off, in the same run on the same
// server: end-of-call ingest (a call created in a tenant scope) and dashboard reads (a page of calls). Prints
// ratios, never asserts. `pnpm --filter @nuvatra/bench postgres-rls`; NUVATRA_BENCH_POSTGRES_URL picks the server.

const serverUrl = process.env.NUVATRA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const tenantCount = Number(process.env.BENCH_TENANTS ?? 20);
const operations = Number(process.env.BENCH_OPERATIONS ?? 3000);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function onServer(sql: string, database?: string) {
  const url = new URL(serverUrl);
  if (database) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function openVariant(name: string, rls: boolean) {
  const database = `nvbench_${name}_${randomBytes(3).toString('hex')}`;
  await onServer(`CREATE DATABASE "${database}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const storage = createPostgresStorage({ mode: 'shared', connectionString: url.toString(), maxConnections: 8 });
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

async function main() {
  const variants = [await openVariant('rls', true), await openVariant('norls', false)];
  const results: Record<string, { ingest: number[]; read: number[] }> = {
    rls: { ingest: [], read: [] },
    norls: { ingest: [], read: [] },
  };
  try {
    // Alternating rounds, so drift on the machine falls on both variants alike.
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
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const rows = (['ingest', 'read'] as const).map((kind) => {
    const withRls = median(results.rls?.[kind] ?? []);
    const without = median(results.norls?.[kind] ?? []);
    return { kind, withRls, without, ratio: withRls / without };
  });
  console.log(
    `Postgres, ${tenantCount} tenants, ${operations} operations × ${rounds} rounds, ${concurrency} at a time (median):`,
  );
  console.log('| operation | without RLS (ops/s) | with RLS (ops/s) | ratio |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) {
    const label = row.kind === 'ingest' ? 'end-of-call ingest (calls.create)' : 'dashboard read (50 calls)';
    console.log(`| ${label} | ${row.without.toFixed(0)} | ${row.withRls.toFixed(0)} | ${row.ratio.toFixed(2)}× |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
