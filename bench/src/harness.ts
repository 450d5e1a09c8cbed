import { type ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

// What the storage-side benches share: a server in a child process, a closed-loop HTTP load generator that
// times every request, and the PostgreSQL the Postgres sections need (or a "skipped" note when there is none).

/** Options every bench module's `run()` takes. */
export interface RunOptions {
  /** A smoke run: short durations and small data sets. Also `BENCH_QUICK=1`. */
  quick?: boolean;
}

export const isQuick = (options: RunOptions = {}) =>
  options.quick ?? ['1', 'true'].includes(process.env.BENCH_QUICK ?? '');

/** True in the child process a bench forked from its own module file. */
export function isChildOf(moduleUrl: string): boolean {
  return typeof process.send === 'function' && process.argv[1] === fileURLToPath(moduleUrl);
}

export interface Child<Ready> {
  ready: Ready;
  process: ChildProcess;
  /** Sends a message and waits for the child's next one. */
  ask<Answer>(message: unknown): Promise<Answer>;
  stop(): Promise<void>;
}

/**
 * Forks `moduleUrl` (a .ts file) under tsx with the `@nuvatra/source` condition, so no package needs a build,
 * and waits for its first message. The server runs on its own thread, away from the load generator.
 */
export async function startChild<Ready>(
  moduleUrl: string,
  args: string[],
  options: { env?: Record<string, string>; execArgv?: string[] } = {},
): Promise<Child<Ready>> {
  const child = fork(fileURLToPath(moduleUrl), args, {
    execArgv: ['--import', 'tsx', '--conditions=@nuvatra/source', ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
  });
  const next = <T>() =>
    new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench child ${args.join(' ')} exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message as T);
      });
    });
  const ready = await next<Ready>();
  return {
    ready,
    process: child,
    ask<Answer>(message: unknown) {
      const answer = next<Answer>();
      child.send(message as never);
      return answer;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** In a child: answers the parent's messages with `answer`'s result (one answer per message). */
export function answerParent(answer: (message: unknown) => Promise<unknown>): void {
  process.on('message', (message) => {
    answer(message).then(
      (result) => process.send?.(result as never),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  // A clean exit on SIGINT lets `--cpu-prof` write its profile.
  process.once('SIGINT', () => process.exit(0));
}

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers other than `expectStatus`, and transport errors. */
  errors: number;
  /** The first unexpected answer, to tell a reader what went wrong. */
  firstError?: string;
}

/**
 * Closed-loop load: `concurrency` keep-alive connections, each sending its next request when the last answer
 * arrived, for `seconds`. Every request is timed (latencies in milliseconds).
 */
export async function closedLoop(options: {
  port: number;
  concurrency: number;
  seconds: number;
  next: (index: number) => HttpRequestSpec;
  expectStatus?: number;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let index = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const send = (spec: HttpRequestSpec) =>
    new Promise<void>((resolve) => {
      const begin = performance.now();
      const body = spec.body === undefined ? undefined : Buffer.from(spec.body);
      const req = request(
        {
          host: '127.0.0.1',
          port: options.port,
          method: spec.method,
          path: spec.path,
          agent,
          headers: { ...spec.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            latencies.push(performance.now() - begin);
            if (res.statusCode !== (options.expectStatus ?? 200)) {
              errors += 1;
              firstError ??= `${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`;
            }
            resolve();
          });
        },
      );
      req.on('error', (error) => {
        errors += 1;
        firstError ??= error.message;
        resolve();
      });
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) await send(options.next(index++));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors,
    ...(firstError ? { firstError } : {}),
  };
}

/** The value below which `fraction` of the sorted values fall. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}

export const median = (values: readonly number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export { round };

/** The PostgreSQL server the Postgres sections use: `NUVATRA_BENCH_POSTGRES_URL`, else the local one. */
export const postgresUrl = process.env.NUVATRA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Where Postgres sections say why they did not run, or null when the server answers. */
export async function postgresMissing(): Promise<string | null> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `skipped: no PostgreSQL at ${redact(postgresUrl)} (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'NUVATRA_BENCH_POSTGRES_URL';
  }
}

/** Runs one statement on the server (or one of its databases) as the configured user. */
export async function onPostgres(sql: string, database?: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The URL of `database` on the bench's server (the server's own URL without a name). */
export function databaseUrl(database?: string): string {
  const url = new URL(postgresUrl);
  if (database) url.pathname = `/${database}`;
  return url.toString();
}
