import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createSqliteJobQueue, createSqliteStorage } from '../src/index.js';
import { temporaryDirectory } from './directories.js';

// A worker killed with SIGKILL while it holds jobs, and another started after it: every job completes, and its
// effect exists exactly once. The second worker's clock runs past the first one's leases instead of the test waiting.

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));

/** tsx's loader, as the examples run TypeScript in a child process. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

function startWorker(variables: Record<string, string>): ChildProcess {
  const { PATH, HOME } = process.env;
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader(), '--conditions=@nuvatra/source', 'test/fixtures/crash-worker.ts'],
    { cwd: packageDirectory, env: { PATH, HOME, ...variables }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

async function readLines(child: ChildProcess, until: (lines: string[]) => boolean): Promise<string[]> {
  const lines: string[] = [];
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let buffered = '';
  for await (const chunk of child.stdout ?? []) {
    buffered += String(chunk);
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
    if (until(lines)) return lines;
  }
  throw new Error(`The worker exited early (${child.exitCode}): ${stderr}`);
}

describe('a worker killed while it holds jobs', () => {
  it('leaves every job completed exactly once in effect after another worker starts', async () => {
    const filename = join(temporaryDirectory(), 'nuvatra.sqlite');
    const storage = createSqliteStorage({ mode: 'shared', filename });
    await storage.migrate();
    const queue = createSqliteJobQueue({ storage });
    await queue.migrate();
    const keys = new Map<string, string[]>();
    for (const slug of ['clinic-a', 'clinic-b', 'clinic-c']) {
      const tenant = await storage.tenants.create({ slug, name: slug });
      keys.set(tenant.id, []);
    }
    const tenantIds = [...keys.keys()];
    for (let n = 0; n < 12; n++) {
      const tenantId = tenantIds[n % 3] as string;
      const key = `effect-${n}`;
      keys.get(tenantId)?.push(key);
      await queue.enqueue({
        name: 'crash.effect',
        tenantId,
        payload: { key, n },
        runAt: new Date(),
        idempotencyKey: key,
        maxAttempts: 3,
        backoffMs: 0,
      });
    }

    const first = startWorker({ CRASH_DB: filename, CRASH_HANG: '1' });
    const held = await readLines(first, (lines) => lines.filter((line) => line.startsWith('holding')).length >= 4);
    first.kill('SIGKILL');
    await once(first, 'exit');
    expect(held.length).toBeGreaterThanOrEqual(4);
    expect((await queue.list({ status: 'running' })).items).toHaveLength(4);

    const second = startWorker({ CRASH_DB: filename, CLOCK_OFFSET_MS: String(120_000) });
    await readLines(second, (lines) => lines.includes('done'));
    const [code] = (await once(second, 'exit')) as [number | null];
    expect(code).toBe(0);

    const all = (await queue.list({}, { limit: 100 })).items;
    expect(all.map((job) => job.status)).toEqual(Array(12).fill('completed'));
    expect(all.filter((job) => job.attempts === 2)).toHaveLength(4);
    for (const [tenantId, expected] of keys) {
      const calls = await storage.withTenant(tenantId, async (scope) => (await scope.calls.list({ limit: 100 })).items);
      expect(calls.map((call) => call.providerCallId).sort()).toEqual([...expected].sort());
    }
    await storage.close();
  });
});
