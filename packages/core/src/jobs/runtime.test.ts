import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDevAuth } from '../auth/dev.js';
import { isNuvatraError } from '../errors/errors.js';
import { createNuvatra } from '../http/create-nuvatra.js';
import { definePlugin } from '../http/plugin.js';
import type { Storage } from '../storage/create-storage.js';
import { defineJob } from './define-job.js';
import type { JobQueueDriver } from './driver.js';

// What createNuvatra checks about jobs before anything runs. Running them needs a storage and a queue adapter:
// @nuvatra/testing's job suites cover that, on every adapter.

/** createNuvatra only holds on to storage and the driver while it is constructed. */
const storage = { hasPluginStorage: () => true, tenants: {}, routing: {} } as unknown as Storage;
const driver = { kind: 'test' } as JobQueueDriver;
const job = (name: string) => defineJob({ name, payload: z.object({}), handle: () => undefined });
const create = (jobs: ReturnType<typeof job>[][], withQueue = true) =>
  createNuvatra({
    storage,
    auth: createDevAuth({ nodeEnv: 'test' }),
    logger: false,
    plugins: jobs.map((list, n) => definePlugin({ name: `plugin-${n}`, jobs: list })),
    ...(withQueue ? { jobs: { driver } } : {}),
  });

describe('jobs at createNuvatra', () => {
  it('refuses a job name two plugins define, naming both', () => {
    expect(() => create([[job('reminders.send')], [job('reminders.send')]])).toThrow(
      'Plugins "plugin-0" and "plugin-1" both define the job "reminders.send".',
    );
  });

  it('refuses a job name a queue could not carry', () => {
    expect(() => create([[job('send reminder')]])).toThrow(/job name is 1-100 letters/);
  });

  it('accepts plugins that bring jobs without a queue, telling them the queue is not available', async () => {
    let services:
      | { jobs: { available: boolean; enqueue(name: string, payload: unknown): Promise<unknown> } }
      | undefined;
    const nuvatra = createNuvatra({
      storage,
      auth: createDevAuth({ nodeEnv: 'test' }),
      logger: false,
      plugins: [
        definePlugin({
          name: 'probe',
          jobs: [job('reminders.send')],
          routes: [
            {
              method: 'GET',
              path: '/probe',
              auth: 'public',
              summary: 'probe',
              handle: (context) => {
                services = context.services;
                return null;
              },
            },
          ],
        }),
      ],
    });
    expect(nuvatra.jobs).toBeNull();
    await nuvatra.handle(new Request('http://localhost/probe'));
    expect(services?.jobs.available).toBe(false);
    await expect(services?.jobs.enqueue('reminders.send', {})).rejects.toThrow(
      /createNuvatra\(\{ jobs: \{ driver \} \}\)/,
    );
  });

  it('refuses bad worker settings at construction, not when the worker starts', () => {
    const bad = () =>
      createNuvatra({
        storage,
        auth: createDevAuth({ nodeEnv: 'test' }),
        logger: false,
        jobs: { driver, worker: { concurrency: 0 } },
      });
    expect(bad).toThrow(/concurrency/);
  });

  it('registers the admin job routes only with a queue, and answers enqueue without one by naming the option', async () => {
    const without = create([], false);
    expect(without.jobs).toBeNull();
    expect(without.routes.some((route) => route.path.startsWith('/api/admin/jobs'))).toBe(false);
    expect(
      create([[job('reminders.send')]]).routes.filter((route) => route.path.startsWith('/api/admin/jobs')),
    ).toHaveLength(4);
    let services: { jobs: { enqueue(name: string, payload: unknown): Promise<unknown> } } | undefined;
    const probe = createNuvatra({
      storage,
      auth: createDevAuth({ nodeEnv: 'test' }),
      logger: false,
      plugins: [
        definePlugin({
          name: 'probe',
          routes: [
            {
              method: 'GET',
              path: '/probe',
              auth: 'public',
              summary: 'probe',
              handle: (context) => {
                services = context.services;
                return null;
              },
            },
          ],
        }),
      ],
    });
    await probe.handle(new Request('http://localhost/probe'));
    const error = await services?.jobs.enqueue('reminders.send', {}).catch((e: unknown) => e);
    expect(isNuvatraError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain('createSqliteJobQueue');
  });
});
