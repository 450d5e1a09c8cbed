import {
  createDevAuth,
  createNuvatra,
  defineJob,
  e164Schema,
  type JobQueueDriver,
  type NuvatraJobs,
} from '@nuvatra/core';
import { createSqliteJobQueue, createSqliteStorage } from '@nuvatra/storage-sqlite';
import { cleanup, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminJobs } from '../src/components/admin/index.js';
import { origin, startTestApi, type TestApi } from './api.js';
import { renderSignedIn } from './render.js';

// The dead-letter list against the real admin job routes: core with a SQLite job queue, one plugin job that always
// fails, and a job made dead by running the worker once on a job allowed a single attempt.

const failure = 'Twilio answered 503 Service Unavailable: the SMS to +15550109901 was not sent; try again later.';
const sendReminder = defineJob({
  name: 'reminders.send',
  payload: e164Schema,
  handle() {
    throw new Error(failure);
  },
});

interface JobsApi extends TestApi {
  driver: JobQueueDriver;
  jobs: NuvatraJobs;
  deadJobId: string;
}

let api: JobsApi;
beforeEach(async () => {
  const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  await storage.migrate();
  const driver = createSqliteJobQueue({ storage });
  await driver.migrate();
  const sunrise = await storage.tenants.create({ slug: 'sunrise-dental', name: 'Sunrise Dental' });
  const harbor = await storage.tenants.create({ slug: 'harbor-bistro', name: 'Harbor Bistro' });
  await storage.withTenant(sunrise.id, (scope) => scope.members.add({ userId: 'alice', role: 'owner' }));
  const nuvatra = createNuvatra({
    storage,
    auth: createDevAuth({ nodeEnv: 'test' }),
    adminUserIds: ['admin'],
    logger: false,
    jobs: { driver, worker: false },
    plugins: [{ name: 'reminders', jobs: [sendReminder] }],
  });
  const jobs = nuvatra.jobs as NuvatraJobs;
  const { job } = await jobs.enqueue(sendReminder, '+15550109901', { tenantId: sunrise.id, maxAttempts: 1 });
  expect(await jobs.runDue()).toEqual([expect.objectContaining({ jobId: job.id, status: 'dead' })]);
  // Tomorrow's reminder for Harbor Bistro: pending, and not due, so the worker above left it alone.
  await jobs.enqueue(sendReminder, '+15550209901', { tenantId: harbor.id, runAt: new Date(Date.now() + 86_400_000) });
  api = {
    storage,
    driver,
    jobs,
    deadJobId: job.id,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input), origin);
      return nuvatra.handle(new Request(url, init));
    }) as typeof fetch,
    tenants: { sunrise: sunrise.id, harbor: harbor.id },
    sunriseCallIds: [],
  };
});
afterEach(async () => {
  // Unmounted first, so no request of the unmounting components reaches a closed database.
  cleanup();
  await api.driver.close();
  await api.storage.close();
});

async function deadRow() {
  return within((await screen.findByRole('rowheader', { name: /reminders\.send/ })).closest('tr') as HTMLElement);
}
const jobName = () => `reminders.send (${api.deadJobId})`;

describe('AdminJobs', () => {
  it('shows a global admin the dead job, its tenant by name, its attempts and why it failed', async () => {
    renderSignedIn(api, 'admin', <AdminJobs />);
    const row = await deadRow();
    expect(row.getByText('Sunrise Dental')).toBeTruthy();
    expect(row.getByText('Failed', { selector: '.nv-badge' })).toBeTruthy();
    expect(row.getByText('1 of 1')).toBeTruthy();
    expect(row.getByText(failure)).toBeTruthy();
    expect(row.getByRole('button', { name: `Retry ${jobName()}` })).toBeTruthy();
    // Only the dead job is on the dead-letter list, not Harbor Bistro's pending one.
    expect(screen.getAllByRole('rowheader')).toHaveLength(1);
  });

  it('retries a dead job once confirmed: it leaves the dead-letter list and is pending again', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'admin', <AdminJobs />);
    await user.click((await deadRow()).getByRole('button', { name: `Retry ${jobName()}` }));
    expect(
      (await deadRow()).getByRole('group', { name: /Run reminders.send for Sunrise Dental again now/ }),
    ).toBeTruthy();
    await user.click((await deadRow()).getByRole('button', { name: 'Yes, retry' }));

    expect(await screen.findByText('No failed jobs: nothing has used up its attempts.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(
      'Retried reminders.send (Sunrise Dental): it is pending again.',
    );
    // The row went away with the focus in it; the focus stays in the list.
    expect(document.activeElement).toBe(screen.getByRole('region', { name: 'Failed jobs' }));
    const retried = await api.driver.get(api.deadJobId);
    expect(retried).toMatchObject({ status: 'pending', attempts: 0 });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'Pending');
    const pending = await screen.findAllByRole('row', { name: /reminders\.send/ });
    expect(pending.map((row) => within(row).getAllByRole('cell')[0]?.textContent).sort()).toEqual([
      'Harbor Bistro',
      'Sunrise Dental',
    ]);
    expect(within(pending[1] as HTMLElement).queryByRole('button', { name: /Retry/ })).toBeNull();
  });

  it('discards a dead job once confirmed, and it is gone from the queue', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'admin', <AdminJobs />);
    await user.click((await deadRow()).getByRole('button', { name: `Discard ${jobName()}` }));
    await user.click((await deadRow()).getByRole('button', { name: 'Yes, discard' }));

    expect(await screen.findByText('No failed jobs: nothing has used up its attempts.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Discarded reminders.send (Sunrise Dental).');
    expect(await api.driver.get(api.deadJobId)).toBeNull();
  });

  it('keeps the job when the question is answered with Cancel', async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'admin', <AdminJobs />);
    await user.click((await deadRow()).getByRole('button', { name: `Discard ${jobName()}` }));
    await user.click((await deadRow()).getByRole('button', { name: 'Cancel' }));

    expect(document.activeElement).toBe((await deadRow()).getByRole('button', { name: `Discard ${jobName()}` }));
    expect((await api.driver.get(api.deadJobId))?.status).toBe('dead');
  });

  it("shows the API's message when the job is no longer dead (retried elsewhere meanwhile)", async () => {
    const user = userEvent.setup();
    renderSignedIn(api, 'admin', <AdminJobs />);
    await deadRow();
    await api.driver.retry(api.deadJobId);
    await user.click((await deadRow()).getByRole('button', { name: `Discard ${jobName()}` }));
    await user.click((await deadRow()).getByRole('button', { name: 'Yes, discard' }));

    const alert = await (await deadRow()).findByRole('alert');
    expect(alert.textContent).toContain('Could not discard reminders.send.');
    expect(alert.textContent).toContain(`Job "${api.deadJobId}" is pending; only dead jobs are retried or discarded.`);
  });

  it('lists other statuses on request, opening on the one it is given', async () => {
    renderSignedIn(api, 'admin', <AdminJobs status="completed" />);
    expect(await screen.findByText('No completed jobs.')).toBeTruthy();
    expect((screen.getByRole('combobox', { name: 'Status' }) as HTMLSelectElement).value).toBe('completed');
  });

  it("shows someone who is not a global admin the API's 403 message, not a blank", async () => {
    renderSignedIn(api, 'alice', <AdminJobs />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('/api/admin/jobs is for global admins only.');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it("shows the API's 404 on a server that has no job queue, rather than breaking", async () => {
    const withoutQueue = await startTestApi();
    renderSignedIn(withoutQueue, 'admin', <AdminJobs />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('No route GET /api/admin/jobs.');
  });
});
