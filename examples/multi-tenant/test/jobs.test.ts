import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@nuvatra/cli';
import { type JobRunOutcome, readNuvatraEnv, type Storage } from '@nuvatra/core';
import { afterAll, describe, expect, it } from 'vitest';
import { workerSetting } from '../src/jobs.js';
import { type StartOptions, startServer } from '../src/server.js';
import { createJobPlugin, type JobProbe } from './job-plugin.js';

// The job queue in the example: a job enqueued by a request runs in the caller's business, on the worker the server
// starts (or, with NUVATRA_WORKER=0, on none), and close() stops that worker before the storage closes.

const root = mkdtempSync(join(tmpdir(), 'nuvatra-example-jobs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let directories = 0;
const freshDirectory = () => join(root, String(++directories));

function start(dataDir: string, options: StartOptions) {
  return startServer(readNuvatraEnv({ PORT: '0', NUVATRA_DATA_DIR: dataDir }), { quiet: true, ...options });
}

/** Outcomes as the worker reports them, and a wait for the first one that matches. */
function outcomeLog() {
  const seen: JobRunOutcome[] = [];
  const waiting: Array<{ match: (o: JobRunOutcome) => boolean; resolve: () => void }> = [];
  return {
    seen,
    onOutcome(outcome: JobRunOutcome) {
      seen.push(outcome);
      for (const waiter of waiting.filter((w) => w.match(outcome))) waiter.resolve();
    },
    until(match: (outcome: JobRunOutcome) => boolean): Promise<void> {
      if (seen.some(match)) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ match, resolve }));
    },
  };
}

async function remember(url: string, user: string, body: Record<string, unknown>) {
  const response = await fetch(`${url}/api/example-test/remember`, {
    method: 'POST',
    headers: { authorization: `Bearer dev:${user}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { jobId: string; tenantId: string };
}

/** What the test job recorded in this tenant. */
async function remembered(storage: Storage, tenantId: string): Promise<string[]> {
  const events = await storage.withTenant(tenantId, (scope) => scope.auditEvents.list({ limit: 100 }));
  return events.items.filter((e) => e.action === 'example_test.remembered').map((e) => String(e.target));
}

describe('background jobs in the multi-tenant example', () => {
  it('runs a job a signed-in owner enqueued in that owner’s business, and in no other', async () => {
    const log = outcomeLog();
    const server = await start(freshDirectory(), {
      plugins: [createJobPlugin()],
      worker: { onOutcome: log.onOutcome },
    });
    try {
      expect(server.worker).not.toBeNull();
      const alice = await remember(server.url, 'alice', { note: 'from alice' });
      const bob = await remember(server.url, 'bob', { note: 'from bob' });
      await log.until((o) => o.jobId === alice.jobId && o.status === 'completed');
      await log.until((o) => o.jobId === bob.jobId && o.status === 'completed');

      expect((await server.storage.tenants.get(alice.tenantId))?.slug).toBe('sunrise-dental');
      expect((await server.storage.tenants.get(bob.tenantId))?.slug).toBe('harbor-bistro');
      expect(await remembered(server.storage, alice.tenantId)).toEqual(['from alice']);
      expect(await remembered(server.storage, bob.tenantId)).toEqual(['from bob']);
    } finally {
      await server.close();
    }
  });

  it('stops the worker in close(), giving a running job back to the queue, and the next start runs it', async () => {
    const dataDir = freshDirectory();
    let holding: (jobId: string) => void = () => undefined;
    const held = new Promise<string>((resolve) => {
      holding = resolve;
    });
    const probe: JobProbe = { hold: true, onHolding: holding };
    const first = outcomeLog();
    const server = await start(dataDir, { plugins: [createJobPlugin(probe)], worker: { onOutcome: first.onOutcome } });
    const { jobId, tenantId } = await remember(server.url, 'alice', { note: 'held', hold: true });
    expect(await held).toBe(jobId);
    await server.close();

    expect(first.seen).toEqual([{ jobId, name: 'example-test.remember', status: 'released' }]);
    probe.hold = false;
    const second = outcomeLog();
    const again = await start(dataDir, { plugins: [createJobPlugin(probe)], worker: { onOutcome: second.onOutcome } });
    try {
      await second.until((o) => o.jobId === jobId && o.status === 'completed');
      // The released attempt did not count: this run was the job's first.
      expect(await again.jobs.driver.get(jobId)).toMatchObject({ status: 'completed', attempts: 1 });
      expect(await remembered(again.storage, tenantId)).toEqual(['held']);
    } finally {
      await again.close();
    }
  });

  it('starts no worker with NUVATRA_WORKER=0, leaving jobs in the queue for a worker elsewhere', async () => {
    const server = await start(freshDirectory(), {
      plugins: [createJobPlugin()],
      worker: workerSetting({ NUVATRA_WORKER: '0' }),
    });
    try {
      expect(server.worker).toBeNull();
      const { jobId, tenantId } = await remember(server.url, 'bob', { note: 'later' });
      expect(await server.jobs.driver.get(jobId)).toMatchObject({ status: 'pending', tenantId });
      // What `nuvatra worker` does in its own process, once.
      expect(await server.jobs.runDue()).toEqual([{ jobId, name: 'example-test.remember', status: 'completed' }]);
      expect(await remembered(server.storage, tenantId)).toEqual(['later']);
    } finally {
      await server.close();
    }
    expect(() => workerSetting({ NUVATRA_WORKER: 'yes' })).toThrow(/NUVATRA_WORKER must be 1 .* or 0/);
  });

  it('exports the app entry nuvatra worker runs, which starts on the same storage and stops on a signal', async () => {
    const stop = new AbortController();
    const events: Array<{ event?: string; queue?: string; ok?: boolean }> = [];
    const code = await runCli(['worker', '--app', 'src/app.ts', '--json'], {
      stdout(text) {
        for (const line of text.trim().split('\n')) events.push(JSON.parse(line));
        if (events.some((e) => e.event === 'started')) stop.abort();
      },
      stderr: () => {},
      env: { NUVATRA_DATA_DIR: freshDirectory(), PORT: '0' },
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      signal: stop.signal,
    });

    expect(code).toBe(0);
    expect(events[0]).toMatchObject({ event: 'started', queue: 'sqlite' });
    expect(events.at(-1)).toMatchObject({ ok: true, completed: 0 });
  });
});
