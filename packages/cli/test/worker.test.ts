import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteJobQueue } from '@nuvatra/storage-sqlite';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/index.js';
import { createApp, holdJob, noteJob, openFixtureStorage } from './fixtures/worker-app.js';
import { cli, temporaryDirectory } from './run.js';

// `nuvatra worker` run in-process against a fixture app module on a temporary SQLite file. The test's own storage
// is closed while the worker runs: two connections to one file in one process would wait on each other's lock.

const testDirectory = fileURLToPath(new URL('.', import.meta.url));

/** Two tenants, and what `enqueue` puts in the queue for them, through the app's own `nuvatra.jobs`. */
async function prepare(dataDir: string, enqueue: (jobs: EnqueueFn, tenants: string[]) => Promise<void>) {
  const app = await createApp({ FIXTURE_DATA_DIR: dataDir });
  const storage = openFixtureStorage(dataDir);
  const tenants = [
    (await storage.tenants.create({ slug: 'clinic-a', name: 'Clinic A' })).id,
    (await storage.tenants.create({ slug: 'clinic-b', name: 'Clinic B' })).id,
  ];
  await storage.close();
  const jobs = app.nuvatra.jobs;
  if (!jobs) throw new Error('the fixture has no queue');
  await enqueue((job, payload, tenantId) => jobs.enqueue(job, payload, { tenantId }), tenants);
  await app.close();
  return tenants;
}
type EnqueueFn = (job: typeof noteJob | typeof holdJob, payload: Record<string, string>, tenantId: string) => unknown;

/** Runs the worker until `stopWhen` says so (it sees every JSON line so far), then stops it as SIGTERM would. */
async function runWorker(dataDir: string, stopWhen: (events: Array<Record<string, unknown>>) => boolean) {
  const stop = new AbortController();
  const events: Array<Record<string, unknown>> = [];
  let stderr = '';
  const code = await runCli(['worker', '--app', 'fixtures/worker-app.ts', '--json'], {
    stdout(text) {
      events.push(
        ...text
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      );
      if (stopWhen(events)) stop.abort();
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { FIXTURE_DATA_DIR: dataDir },
    cwd: testDirectory,
    signal: stop.signal,
  });
  return { code, events, stderr };
}

describe('nuvatra worker', () => {
  it('runs jobs enqueued for two tenants, each in its own tenant, and exits 0 once stopped', async () => {
    const dataDir = temporaryDirectory();
    const keys = new Map<string, string[]>();
    const tenants = await prepare(dataDir, async (enqueue, ids) => {
      for (let n = 0; n < 6; n++) {
        const tenantId = ids[n % 2] as string;
        keys.set(tenantId, [...(keys.get(tenantId) ?? []), `note-${n}`]);
        await enqueue(noteJob, { key: `note-${n}` }, tenantId);
      }
    });

    const completed = (events: Array<Record<string, unknown>>) => events.filter((e) => e.status === 'completed');
    const run = await runWorker(dataDir, (events) => completed(events).length === 6);

    expect(run.code).toBe(0);
    expect(run.events[0]).toMatchObject({
      command: 'worker',
      event: 'started',
      queue: 'sqlite',
      jobs: ['fixture.note', 'fixture.hold', 'nuvatra.invite-owner'],
      pollIntervalMs: 20,
    });
    expect(completed(run.events)).toHaveLength(6);
    expect(run.events.at(-2)).toMatchObject({ event: 'stopping', reason: 'abort' });
    expect(run.events.at(-1)).toMatchObject({ command: 'worker', ok: true, completed: 6, dead: 0, released: 0 });
    const storage = openFixtureStorage(dataDir);
    try {
      for (const tenantId of tenants) {
        const calls = await storage.withTenant(tenantId, (scope) => scope.calls.list({ limit: 100 }));
        expect(calls.items.map((call) => call.providerCallId).sort()).toEqual(keys.get(tenantId));
      }
    } finally {
      await storage.close();
    }
  });

  it('gives a job it is still running back to the queue when stopped, its attempt not counted', async () => {
    const dataDir = temporaryDirectory();
    const marker = join(dataDir, 'holding');
    await prepare(dataDir, async (enqueue, [tenantId]) => {
      await enqueue(holdJob, { marker }, tenantId as string);
    });
    const stop = new AbortController();
    let stdout = '';
    let stderr = '';
    const running = runCli(['worker', '--app', join(testDirectory, 'fixtures/worker-app.ts'), '--grace', '0'], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      env: { FIXTURE_DATA_DIR: dataDir },
      cwd: dataDir,
      signal: stop.signal,
    });
    await vi.waitFor(() => expect(existsSync(marker)).toBe(true), { timeout: 10_000, interval: 10 });
    stop.abort();

    expect(await running).toBe(0);
    expect(stderr).toMatch(/working fixture\.note, fixture\.hold, nuvatra\.invite-owner on the sqlite queue/);
    expect(stderr).toMatch(/job \S+ \(fixture\.hold\) released/);
    expect(stdout).toMatch(/stopped: 0 completed, 0 to retry, 0 dead, 1 given back\.\n$/);
    const storage = openFixtureStorage(dataDir);
    try {
      const [job] = (await createSqliteJobQueue({ storage }).list({})).items;
      expect(job).toMatchObject({ name: 'fixture.hold', status: 'pending', attempts: 0 });
    } finally {
      await storage.close();
    }
  });

  it('exits 2 for an app module without createApp, a missing module, or a setting that is not a number', async () => {
    const directory = temporaryDirectory();
    writeFileSync(join(directory, 'no-app.mjs'), 'export const app = {};\n');
    const withoutCreateApp = await cli(['worker', '--app', 'no-app.mjs'], {}, directory);
    const missing = await cli(['worker', '--app', 'nowhere.ts', '--json'], {}, directory);
    const notANumber = await cli(['worker', '--app', 'no-app.mjs', '--concurrency', 'four'], {}, directory);
    const noApp = await cli(['worker'], {}, directory);

    expect(withoutCreateApp).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('does not export createApp(env)'),
    });
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(notANumber).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--concurrency must be a whole number'),
    });
    expect(noApp).toMatchObject({ code: 2, stderr: 'nuvatra worker: --app <module> is required.\n' });
  });

  it('refuses worker settings core refuses with exit 2, after the app was opened', async () => {
    const dataDir = temporaryDirectory();
    const run = await cli(
      ['worker', '--app', join(testDirectory, 'fixtures/worker-app.ts'), '--concurrency', '0'],
      { FIXTURE_DATA_DIR: dataDir },
      dataDir,
    );

    expect(run).toMatchObject({ code: 2, stderr: expect.stringContaining('Job worker: concurrency') });
  });
});
