import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { PreparedRequest } from './fixture.js';

// The load side of the HTTP benches: a server in a child process (so the load generator in this process never
// shares its thread), a pool of requests made before the run (signing inside the load generator would cost the
// client CPU on the same cores), a warm-up, then one measured run. Every variant gets the same connections.

export type Variant = 'bare-express' | 'nuvatra-express' | 'nuvatra-node';
export const variants: readonly Variant[] = ['bare-express', 'nuvatra-express', 'nuvatra-node'];

export interface LoadResult {
  variant: Variant;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors, timeouts and non-2xx answers together: must be 0. */
  errors: number;
  non2xx: number;
  requests: number;
  /** Whether the run sent more requests than the pool held (the later ones were then replays). */
  poolWrapped: boolean;
  /** The server process's CPU time (user + system) per answered request during the measured run, in µs. */
  cpuPerRequestUs: number;
}

export interface LoadOptions {
  variant: Variant;
  scenario: 'twilio' | 'vapi';
  /** The seeded database file the server copies. */
  template: string;
  path: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** Makes the pool's requests; called before the run, never during it. */
  makePool: (count: number) => PreparedRequest[];
}

async function startServer(options: LoadOptions) {
  const profile = process.env.BENCH_PROFILE;
  const child = fork(
    fileURLToPath(new URL('./server.ts', import.meta.url)),
    [options.variant, options.scenario, options.template],
    {
      execArgv: [
        '--import',
        'tsx',
        '--conditions=@nuvatra/source',
        ...(profile && options.variant === profile ? ['--cpu-prof', '--cpu-prof-dir=bench/profiles'] : []),
      ],
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${options.variant} server exited with ${code}`)));
  });
  const cpu = () =>
    new Promise<number>((resolve) => {
      const onMessage = (message: unknown) => {
        const usage = (message as { cpu?: NodeJS.CpuUsage }).cpu;
        if (!usage) return;
        child.off('message', onMessage);
        resolve(usage.user + usage.system);
      };
      child.on('message', onMessage);
      child.send('cpu');
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    });
  return { port, stop, cpu };
}

function fire(port: number, options: LoadOptions, pool: PreparedRequest[], seconds: number, start: number) {
  let next = start;
  let wrapped = false;
  const run = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: options.connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: options.path,
        setupRequest: (request) => {
          if (next >= pool.length) {
            next = 0;
            wrapped = true;
          }
          const prepared = pool[next++] as PreparedRequest;
          return { ...request, body: prepared.body, headers: { ...request.headers, ...prepared.headers } };
        },
      },
    ],
  });
  return run.then((result) => ({ result, next, wrapped }));
}

/** Starts the variant's server, warms it up, measures, stops it. */
export async function measure(options: LoadOptions): Promise<LoadResult> {
  const server = await startServer(options);
  try {
    // Warm-up: JIT, statement caches. Its rate sizes the measured run's pool, so no request is sent twice.
    const warmupPool = options.makePool(Math.max(2_000, 4_000 * options.warmupSeconds));
    const warmup = await fire(server.port, options, warmupPool, options.warmupSeconds, 0);
    const expected = Math.ceil((warmup.result.requests.average || 1_000) * options.seconds * 1.6) + 1_000;
    const pool = options.makePool(Math.min(expected, 250_000));
    const cpuBefore = await server.cpu();
    const { result, wrapped } = await fire(server.port, options, pool, options.seconds, 0);
    const cpuAfter = await server.cpu();
    const errors = result.errors + result.timeouts + result.non2xx;
    return {
      variant: options.variant,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors,
      non2xx: result.non2xx,
      requests: result.requests.total,
      poolWrapped: wrapped,
      cpuPerRequestUs: (cpuAfter - cpuBefore) / Math.max(1, result.requests.total),
    };
  } finally {
    await server.stop();
  }
}
