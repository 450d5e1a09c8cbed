import { join } from 'node:path';
import { createSqliteJobQueue, createSqliteStorage } from '@nuvatra/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { cli, temporaryDirectory } from './run.js';

interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  message: string;
  fix?: string;
}

const jobsOf = async (dataDir: string) =>
  ((await cli(['doctor', '--json'], { NUVATRA_DATA_DIR: dataDir })).json() as { checks: DoctorCheck[] }).checks.find(
    (check) => check.name === 'Jobs',
  );

/** A queue as the server leaves it: one job due now, one later, and one dead. */
async function seedQueue(dataDir: string) {
  const storage = createSqliteStorage({ mode: 'shared', filename: join(dataDir, 'nuvatra.sqlite') });
  await storage.migrate();
  const queue = createSqliteJobQueue({ storage });
  await queue.migrate();
  const tenant = await storage.tenants.create({ slug: 'clinic', name: 'Clinic' });
  const job = (name: string, runAt: Date, maxAttempts = 3) =>
    queue.enqueue({
      name,
      tenantId: tenant.id,
      payload: {},
      runAt,
      idempotencyKey: null,
      maxAttempts,
      backoffMs: 0,
    });
  await job('reminders.send', new Date(Date.now() - 1000));
  await job('reminders.send', new Date(Date.now() + 3_600_000));
  const { job: doomed } = await job('calendar.sync', new Date(Date.now() - 1000), 1);
  const [claimed] = await queue.claim({ names: ['calendar.sync'], owner: 'wrk_test', limit: 1, leaseMs: 60_000 });
  expect(claimed?.id).toBe(doomed.id);
  await queue.fail(doomed.id, 'wrk_test', { error: 'calendar refused the token' });
  await storage.close();
}

describe('nuvatra doctor on the job queue', () => {
  it('says nothing is wrong while the queue does not exist yet (the server creates it)', async () => {
    const dataDir = temporaryDirectory();
    await cli(['migrate'], { NUVATRA_DATA_DIR: dataDir });

    expect(await jobsOf(dataDir)).toMatchObject({ status: 'skip', message: expect.stringContaining('no sqlite job') });
  });

  it('counts pending, due and dead jobs, and warns about dead ones with where to retry or discard them', async () => {
    const dataDir = temporaryDirectory();
    await seedQueue(dataDir);
    const check = await jobsOf(dataDir);
    const text = await cli(['doctor'], { NUVATRA_DATA_DIR: dataDir });

    expect(check).toMatchObject({ status: 'warn', message: 'sqlite queue: 2 pending (1 due now), 1 dead' });
    expect(check?.fix).toContain('/api/admin/jobs?status=dead');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('! Jobs: sqlite queue: 2 pending (1 due now), 1 dead\n    fix: read them at');
  });
});
