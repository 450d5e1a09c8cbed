import { fork } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { signedInboundCall, voicePath } from './fixture.js';

// Signed Twilio inbound call → tenant resolved from the called number → hand-off TwiML, against a bare Express
// handler returning the same TwiML, measured in the same run on the same machine. Prints ratios, never asserts.

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
const tenantCounts = (process.env.BENCH_TENANTS ?? '10,10000').split(',').map(Number);

interface Result {
  variant: string;
  tenants: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function startServer(variant: string, tenants: number) {
  const child = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [variant, String(tenants)], {
    execArgv: ['--import', 'tsx', '--conditions=@nuvatra/source'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
  return { port, stop: () => child.kill() };
}

async function measure(variant: string, tenants: number): Promise<Result> {
  const server = await startServer(variant, tenants);
  try {
    const run = (seconds: number) =>
      autocannon({
        url: `http://127.0.0.1:${server.port}`,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: voicePath,
            setupRequest: (request) => {
              const call = signedInboundCall(Math.floor(Math.random() * tenants));
              return { ...request, body: call.body, headers: { ...request.headers, ...call.headers } };
            },
          },
        ],
      });
    await run(2); // warm-up: JIT, statement caches
    const result = await run(duration);
    return {
      variant,
      tenants,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
    };
  } finally {
    server.stop();
  }
}

async function main() {
  console.log(
    `inbound-call bench: ${duration}s per run, ${connections} connections, ${cpus().length} CPUs, Node ${process.version}`,
  );
  const results: Result[] = [];
  for (const tenants of tenantCounts) {
    const baseline = await measure('bare-express', tenants);
    results.push(baseline);
    for (const variant of ['nuvatra-express', 'nuvatra-node']) results.push(await measure(variant, tenants));
    for (const result of results.filter((r) => r.tenants === tenants)) {
      const ratio = result.requestsPerSecond / baseline.requestsPerSecond;
      console.log(
        `${String(tenants).padStart(6)} tenants  ${result.variant.padEnd(16)} ${result.requestsPerSecond.toFixed(0).padStart(7)} req/s  ratio ${ratio.toFixed(2)}  p50 ${result.p50} ms  p99 ${result.p99} ms  errors ${result.errors}`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
