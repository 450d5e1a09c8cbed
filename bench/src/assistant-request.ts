import { cpus } from 'node:os';
import { assistantRequest, requestPool, seedDatabase, vapiPath } from './fixture.js';
import { type LoadResult, measure, variants } from './load.js';
import { type BenchFigure, type BenchSection, runWhenMain } from './results.js';

// Vapi's assistant-request → tenant resolved from the called number → the tenant's transient assistant, built from
// its stored configuration, at 50 concurrent calls; against a bare Express handler answering the same JSON.

const labels = {
  'bare-express': 'bare Express 5 handler',
  'nuvatra-express': '@nuvatra/express',
  'nuvatra-node': '@nuvatra/node',
} as const;

export async function run(options: { quick?: boolean } = {}): Promise<BenchSection> {
  const quick = options.quick ?? false;
  const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 1 : 5));
  const warmupSeconds = quick ? 1 : 2;
  const connections = 50;
  const tenants = Number(process.env.BENCH_VAPI_TENANTS ?? 1000);
  const template = await seedDatabase(tenants);
  const results: LoadResult[] = [];
  for (const variant of variants) {
    results.push(
      await measure({
        variant,
        scenario: 'vapi',
        template,
        path: vapiPath,
        connections,
        warmupSeconds,
        seconds,
        makePool: (count) => requestPool(count, tenants, assistantRequest),
      }),
    );
  }
  const baseline = results[0] as LoadResult;
  const figures: BenchFigure[] = [];
  for (const result of results) {
    const details = {
      serverCpuUsPerRequest: Math.round(result.cpuPerRequestUs),
      p50Ms: result.p50,
      errors: result.errors,
      non2xx: result.non2xx,
      requests: result.requests,
      connections,
    };
    figures.push({
      id: `vapi-assistant-request.${result.variant}.p99`,
      label: `Vapi assistant-request → transient assistant, ${labels[result.variant]}: p99 at ${connections} concurrent calls`,
      unit: 'ms',
      value: result.p99,
      ...(result.variant === 'bare-express'
        ? {}
        : {
            baseline: { label: labels['bare-express'], value: baseline.p99 },
            ratio: baseline.p99 / Math.max(result.p99, 1),
            target: { text: '≤ 50 ms, 0 errors', met: result.p99 <= 50 && result.errors === 0 },
          }),
      details,
    });
    if (result.variant !== 'bare-express') {
      figures.push({
        id: `vapi-assistant-request.${result.variant}.throughput`,
        label: `Vapi assistant-request → transient assistant, ${labels[result.variant]}: throughput`,
        unit: 'req/s',
        value: result.requestsPerSecond,
        baseline: { label: labels['bare-express'], value: baseline.requestsPerSecond },
        ratio: result.requestsPerSecond / baseline.requestsPerSecond,
        details: { ...details, cpuRatio: Math.round((baseline.cpuPerRequestUs / result.cpuPerRequestUs) * 100) / 100 },
      });
    }
  }
  return {
    name: 'Vapi assistant-request',
    figures,
    notes: [
      `${connections} connections, ${warmupSeconds} s warm-up then ${seconds} s per variant, ${tenants.toLocaleString('en-US')} tenants, ${cpus().length} CPUs, Node ${process.version}; each request a fresh Vapi call id with the server secret; the bare handler answers the JSON Nuvatra built for tenant 0 (express.json() then res.json()).`,
    ],
  };
}

runWhenMain(import.meta.url, run);
