import { cpus } from 'node:os';
import { requestPool, seedDatabase, signedInboundCall, voicePath } from './fixture.js';
import { type LoadResult, measure, variants } from './load.js';
import { measureResolutions, type ResolutionCost } from './resolution.js';
import { type BenchFigure, type BenchSection, runWhenMain } from './results.js';

// Signed Twilio inbound call → tenant resolved from the called number → hand-off TwiML, against a bare Express
// handler returning the same TwiML, measured in the same run on the same machine. Reports ratios, never asserts.

const labels = {
  'bare-express': 'bare Express 5 handler',
  'nuvatra-express': '@nuvatra/express',
  'nuvatra-node': '@nuvatra/node',
} as const;
const targets = { 'nuvatra-express': 0.8, 'nuvatra-node': 1.0 } as const;

export async function run(options: { quick?: boolean } = {}): Promise<BenchSection> {
  const quick = options.quick ?? false;
  const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 1 : 5));
  const warmupSeconds = quick ? 1 : 2;
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
  const tenantCounts = (process.env.BENCH_TENANTS ?? (quick ? '10,1000' : '10,1000,100000')).split(',').map(Number);
  const onlyVariants = process.env.BENCH_VARIANTS?.split(',');

  const figures: BenchFigure[] = [];
  const notes: string[] = [
    `${connections} connections, ${warmupSeconds} s warm-up then ${seconds} s per variant, ${cpus().length} CPUs, Node ${process.version}; requests signed before the run, each with a fresh CallSid; SQLite shared file in WAL mode; console logger at warn.`,
  ];
  const byTenants = new Map<number, Map<string, LoadResult>>();
  const templates = new Map<number, string>();
  for (const tenants of tenantCounts) {
    const started = performance.now();
    templates.set(tenants, await seedDatabase(tenants));
    notes.push(
      `${tenants.toLocaleString('en-US')} tenants seeded (or reused) in ${Math.round(performance.now() - started)} ms.`,
    );
  }
  // Resolution first, in a process that has not yet held the load generator's request pools.
  const fewest = Math.min(...tenantCounts);
  const most = Math.max(...tenantCounts);
  let resolution: Map<number, ResolutionCost> | undefined;
  let cachedResolution: Map<number, ResolutionCost> | undefined;
  if (most > fewest) {
    const extremes = new Map([fewest, most].map((count) => [count, templates.get(count) as string]));
    const resolutionOptions = { perRound: quick ? 5_000 : 20_000, rounds: quick ? 3 : 5 };
    resolution = await measureResolutions(extremes, { ...resolutionOptions, cached: false });
    cachedResolution = await measureResolutions(extremes, { ...resolutionOptions, cached: true });
  }
  for (const tenants of tenantCounts) {
    const template = templates.get(tenants) as string;
    const results = new Map<string, LoadResult>();
    byTenants.set(tenants, results);
    for (const variant of variants) {
      if (onlyVariants && variant !== 'bare-express' && !onlyVariants.includes(variant)) continue;
      const result = await measure({
        variant,
        scenario: 'twilio',
        template,
        path: voicePath,
        connections,
        warmupSeconds,
        seconds,
        makePool: (count) => requestPool(count, tenants, signedInboundCall),
      });
      results.set(variant, result);
      if (result.poolWrapped)
        notes.push(`${variant} at ${tenants} tenants outran its request pool (replays at the end).`);
    }
    const baseline = results.get('bare-express') as LoadResult;
    for (const result of results.values()) {
      const ratio = result.requestsPerSecond / baseline.requestsPerSecond;
      const target = result.variant === 'bare-express' ? undefined : targets[result.variant];
      figures.push({
        id: `twilio-inbound.${result.variant}.${tenants}-tenants`,
        label: `Signed Twilio inbound → TwiML, ${labels[result.variant]}, ${tenants.toLocaleString('en-US')} tenants`,
        unit: 'req/s',
        value: result.requestsPerSecond,
        ...(result.variant === 'bare-express'
          ? {}
          : {
              baseline: { label: labels['bare-express'], value: baseline.requestsPerSecond },
              ratio,
              target: {
                text: `≥ ${target?.toFixed(1)}× bare Express, 0 errors`,
                met: ratio >= (target ?? 0) && result.errors === 0,
              },
            }),
        details: {
          serverCpuUsPerRequest: Math.round(result.cpuPerRequestUs),
          ...(result.variant === 'bare-express'
            ? {}
            : { cpuRatio: Math.round((baseline.cpuPerRequestUs / result.cpuPerRequestUs) * 100) / 100 }),
          p50Ms: result.p50,
          p99Ms: result.p99,
          errors: result.errors,
          non2xx: result.non2xx,
          requests: result.requests,
          connections,
        },
      });
    }
  }
  // Tenant resolution at scale: the server's CPU time per call at the most tenants against that at the fewest (CPU
  // time, not requests per second, so that other work on the machine does not decide the figure).
  if (resolution && cachedResolution) {
    const resolutionFigure = (costs: Map<number, ResolutionCost>, cached: boolean): BenchFigure => {
      const small = costs.get(fewest) as ResolutionCost;
      const large = costs.get(most) as ResolutionCost;
      const growth = large.cpuUs / small.cpuUs;
      return {
        id: `tenant-resolution.${cached ? 'cached' : 'from-database'}.scaling`,
        label: `Tenant resolution (called number → active tenant)${cached ? ' with the tenant cache' : ', tenant read from the database'}, CPU per call, ${most.toLocaleString('en-US')} tenants`,
        unit: 'µs',
        value: large.cpuUs,
        baseline: { label: `${fewest} tenants`, value: small.cpuUs },
        ratio: growth,
        ratioKind: 'growth',
        ...(cached ? {} : { target: { text: `≤ 1.2× its cost at ${fewest} tenants`, met: growth <= 1.2 } }),
        details: {
          roundsAtMost: large.rounds.map((r) => r.toFixed(2)).join(' '),
          roundsAtFewest: small.rounds.map((r) => r.toFixed(2)).join(' '),
        },
      };
    };
    figures.push(resolutionFigure(resolution, false), resolutionFigure(cachedResolution, true));
    notes.push(
      'Tenant resolution is measured in the bench process without HTTP, before any server runs: the resolver chain of calls and messages (forwarding line on a shared number, else the called number, then the tenant read and checked active) over random tenants’ numbers, median of 5 rounds of 20,000, the rounds alternating between 10 and 100,000 tenants. "Read from the database": every tenant read afresh (the storage without readVersion), which is what scales with the number of tenants; "with the tenant cache": as a server runs, where every call of 10 tenants finds its tenant kept and almost no call of 100,000 uniformly random tenants does (the cache keeps 10,000). The whole call’s server CPU at most vs fewest tenants is reported without a target for the same reason (the voice profiles are kept too).',
    );
    for (const variant of ['nuvatra-node', 'nuvatra-express'] as const) {
      const small = byTenants.get(fewest)?.get(variant);
      const large = byTenants.get(most)?.get(variant);
      if (!small || !large) continue;
      figures.push({
        id: `twilio-inbound.${variant}.tenant-scaling`,
        label: `Server CPU per inbound call via ${labels[variant]} at ${most.toLocaleString('en-US')} tenants`,
        unit: 'µs',
        value: large.cpuPerRequestUs,
        baseline: { label: `${fewest} tenants`, value: small.cpuPerRequestUs },
        ratio: large.cpuPerRequestUs / small.cpuPerRequestUs,
        ratioKind: 'growth',

        details: {
          requestsPerSecondAtMost: Math.round(large.requestsPerSecond),
          requestsPerSecondAtFewest: Math.round(small.requestsPerSecond),
          p99MsAtMost: large.p99,
          p99MsAtFewest: small.p99,
        },
      });
    }
  }
  return { name: 'Signed Twilio inbound call', figures, notes };
}

runWhenMain(import.meta.url, run);
