import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  describeLoad,
  type LoadReport,
  runLoad,
  type TrafficKind,
} from '../../examples/multi-tenant/test/support/load-run.js';
import type { BenchFigure, BenchSection } from './results.js';

// Mixed multi-tenant traffic against the multi-tenant example (src/main.ts in its own process, SQLite): signed
// Twilio incoming calls, Vapi end-of-call reports, and each tenant's owner reading the call log and single calls,
// some asking for another tenant's call on purpose. The same run as examples/multi-tenant/test/load.test.ts, longer:
// throughput and latency per kind of traffic, next to the correctness that must hold under it (0 errors, 0
// cross-tenant leaks, every acknowledged webhook stored once under its tenant). Standalone:
//   pnpm --filter @nuvatra/bench exec tsx --conditions=@nuvatra/source src/multi-tenant-load.ts [--quick]

const labels: Record<TrafficKind, string> = {
  'twilio-inbound': 'Signed Twilio incoming calls',
  'vapi-end-of-call': 'Vapi end-of-call reports',
  'dashboard-list': 'Dashboard GET /api/calls',
  'dashboard-get': 'Dashboard GET /api/calls/:id',
};

export async function run(options: { quick?: boolean } = {}): Promise<BenchSection> {
  const quick = options.quick ?? ['1', 'true'].includes(process.env.BENCH_QUICK ?? '');
  const tenants = Number(process.env.BENCH_TENANTS_LOAD ?? 50);
  const report = await runLoad({
    seconds: quick ? 4 : Number(process.env.BENCH_SECONDS ?? 20),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 16),
    tenants,
    seed: Number(process.env.LOAD_SEED ?? randomInt(2 ** 31)),
    poolSize: quick ? 3_000 : 20_000,
  });
  for (const line of describeLoad(report)) console.log(line);
  return toSection(report);
}

function toSection(report: LoadReport): BenchSection {
  const { options, total } = report;
  const clean = report.problems.length === 0 && total.errors === 0 && total.timeouts === 0;
  const figures: BenchFigure[] = [
    {
      id: `multi-tenant-load.all.${options.tenants}-tenants`,
      label: `Mixed traffic, ${options.tenants} tenants, ${options.connections} connections`,
      unit: 'req/s',
      value: Math.round(total.requestsPerSecond),
      target: { text: '0 errors, 0 cross-tenant leaks, every acknowledged webhook stored once', met: clean },
      details: {
        p50Ms: total.p50Ms,
        p99Ms: total.p99Ms,
        requests: total.requests,
        errors: total.errors,
        timeouts: total.timeouts,
        problems: report.problems.length,
        twilioStored: `${report.stored.twilio}/${report.acknowledged.twilio}`,
        vapiStored: `${report.stored.vapi}/${report.acknowledged.vapi}`,
        seconds: options.seconds,
        seed: options.seed,
      },
    },
    ...report.kinds.map(
      (k): BenchFigure => ({
        id: `multi-tenant-load.${k.kind}`,
        label: `${labels[k.kind]} (in the mix)`,
        unit: 'req/s',
        value: k.requestsPerSecond,
        target: { text: '0 errors, 0 cross-tenant leaks', met: k.unexpected === 0 && k.leaks === 0 },
        details: {
          p50Ms: k.p50Ms,
          p99Ms: k.p99Ms,
          answered: k.answered,
          errors: k.unexpected,
          crossTenantLeaks: k.leaks,
          ...(k.kind === 'dashboard-get' ? { deliberate404: k.deliberate } : {}),
        },
      }),
    ),
  ];
  return {
    name: 'Multi-tenant load (example server, SQLite)',
    figures,
    notes: [
      'The example server (examples/multi-tenant/src/main.ts) in its own process on one SQLite file; autocannon in the bench process on loopback, every request signed before the run.',
      'Mix: 30% signed Twilio incoming calls, 30% Vapi end-of-call reports, 20% call-log pages, 20% single calls (one in ten asks for another tenant’s call and must get 404). Per-kind latency is timed around each request by the generator.',
      ...(report.replayed
        ? ['The run outlasted the pool of signed webhooks: later ones were replays, stored once.']
        : []),
      ...report.problems.slice(0, 5).map((p) => `Problem: ${p}`),
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  run({ quick: process.argv.includes('--quick') }).then(
    (section) => {
      console.log(JSON.stringify(section, null, 2));
      if (section.figures.some((f) => f.target && !f.target.met)) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
