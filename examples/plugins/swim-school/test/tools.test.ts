import { toolTokenPurpose } from '@nuvatra/core';
import { describe, expect, it } from 'vitest';
import { databaseUrl, freshDatabase } from '../../../../test-support/postgres.js';
import { registrationPurpose, registrationSmsJobName } from '../src/index.js';
import { createSwimApp, type SwimApp } from './app.js';

const database = freshDatabase({ tag: 'nvt_swim' });
const storages = [
  ['SQLite', () => createSwimApp()],
  ['Postgres', () => createSwimApp({ postgresUrl: databaseUrl(database.name) })],
] as const;

async function answer<T>(response: Response): Promise<T> {
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe.each(storages)('the swim-school plugin on %s', (_, createApp) => {
  it('gives its four tools to the school it is enabled for, and none to any other tenant', async () => {
    const app = await createApp();
    expect(Object.keys(await app.toolPaths(app.tenants.splash.id))).toEqual([
      'get_classes',
      'get_available_slots',
      'book_meeting',
      'send_registration_link',
    ]);
    expect(await app.toolPaths(app.tenants.bistro.id)).toEqual({});
    // Even a correctly signed URL for the restaurant finds no such tool.
    const token = await app.signer.sign({
      tenantId: app.tenants.bistro.id,
      purpose: toolTokenPurpose('get_classes'),
      ttlSeconds: null,
    });
    expect((await app.callTool(`/api/tools/get_classes?token=${token}`)).status).toBe(404);
  });

  it("answers get_classes from the school's timetable, by age and by day", async () => {
    const app = await createApp();
    const { get_classes } = await app.toolPaths(app.tenants.splash.id);
    const byAge = await answer<{ classes: Array<{ title: string }> }>(await app.callTool(get_classes!, { age: 5 }));
    expect(byAge.classes.map((c) => c.title)).toEqual(['Otters']);
    const byDay = await answer<{ classes: Array<{ title: string }> }>(await app.callTool(get_classes!, { day: 'thu' }));
    expect(byDay.classes.map((c) => c.title)).toEqual(['Squad']);
    expect((await app.callTool(get_classes!, { age: 'five' })).status).toBe(400);
  });

  it('refuses a token changed to name the school, and the school’s token for another tool, with 401', async () => {
    const app = await createApp();
    const bistroToken = await app.signer.sign({
      tenantId: app.tenants.bistro.id,
      purpose: toolTokenPurpose('get_classes'),
      ttlSeconds: null,
    });
    const [version, keyId, payload, signature] = bistroToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const moved = Buffer.from(JSON.stringify({ ...claims, t: app.tenants.splash.id })).toString('base64url');
    expect((await app.callTool(`/api/tools/get_classes?token=${version}.${keyId}.${moved}.${signature}`)).status).toBe(
      401,
    );
    const { get_classes } = await app.toolPaths(app.tenants.splash.id);
    const asBooking = get_classes!.replace('/get_classes?', '/book_meeting?');
    expect((await app.callTool(asBooking, { slotId: 'x', name: 'Eve', phone: '+15550109999' })).status).toBe(401);
    expect((await app.callTool('/api/tools/get_classes')).status).toBe(401);
  });

  it('books a free slot once per call, shows it as an appointment, and refuses it to anyone else', async () => {
    const app = await createApp();
    const paths = await app.toolPaths(app.tenants.splash.id);
    const { slots } = await answer<{ slots: Array<{ slotId: string; startsAt: string }> }>(
      await app.callTool(paths.get_available_slots!, { limit: 3 }),
    );
    expect(slots).toHaveLength(3);
    expect(slots[0]?.startsAt).toBe('2026-03-03T10:00:00.000Z');

    const request = { slotId: slots[0]!.slotId, name: 'Ada Lovelace', phone: '+15550109999' };
    const call = { 'x-telnyx-call-control-id': 'v3:call-1' };
    const booked = await answer<{ bookingId: string }>(await app.callTool(paths.book_meeting!, request, call));
    const again = await answer<{ bookingId: string; alreadyBooked: boolean }>(
      await app.callTool(paths.book_meeting!, request, call),
    );
    expect(again).toMatchObject({ bookingId: booked.bookingId, alreadyBooked: true });
    const rival = await app.callTool(paths.book_meeting!, { ...request, phone: '+15550108888' });
    expect(rival.status).toBe(409);

    const after = await answer<{ slots: Array<{ slotId: string }> }>(await app.callTool(paths.get_available_slots!));
    expect(after.slots.map((slot) => slot.slotId)).not.toContain(request.slotId);
    const appointments = await app.storage.withTenant(app.tenants.splash.id, (scope) => scope.appointments.list());
    expect(appointments.items).toEqual([
      expect.objectContaining({ customerName: 'Ada Lovelace', startsAt: '2026-03-03T10:00:00.000Z' }),
    ]);
  });
});

describe('send_registration_link', () => {
  async function sendLink(app: SwimApp) {
    const { send_registration_link } = await app.toolPaths(app.tenants.splash.id);
    return app.callTool(send_registration_link!, {
      classId: 'cls_2',
      phone: '+15550109999',
      childName: 'Mia',
      childAge: 5,
    });
  }

  it("records the text in the family's conversation and sends it from the school's number by a job", async () => {
    const app = await createSwimApp();
    expect(await answer(await sendLink(app))).toEqual({ sent: true, to: '+15550109999', class: 'Otters' });
    const [message] = await app.storage.withTenant(app.tenants.splash.id, async (scope) => {
      const conversation = await scope.conversations.findOrCreate('sms', '+15550109999');
      return (await scope.messages.list(conversation.id)).items;
    });
    expect(message).toMatchObject({ direction: 'outbound', from: '+15550100001', status: 'queued' });
    expect(app.sent).toEqual([]);

    expect(await app.nuvatra.jobs!.runDue()).toHaveLength(1);
    expect(app.sent).toEqual([
      { tenantId: app.tenants.splash.id, from: '+15550100001', to: '+15550109999', body: message?.body },
    ]);
    const jobs = await app.nuvatra.jobs!.driver.list({ name: registrationSmsJobName });
    expect(jobs.items.map((job) => job.tenantId)).toEqual([app.tenants.splash.id]);
  });

  it('links to the form with the school and the child in a signed token, and no tenant id in the clear', async () => {
    const app = await createSwimApp();
    await sendLink(app);
    await app.nuvatra.jobs!.runDue();
    const link = new URL(app.sent[0]!.body.match(/https:\/\/\S+/)![0]);
    expect(link.origin + link.pathname).toBe('https://splash.example.com/register');
    expect(link.toString()).not.toContain(app.tenants.splash.id);
    const claims = await app.signer.verify(link.searchParams.get('registration')!, { purpose: registrationPurpose });
    expect(claims).toMatchObject({
      tenantId: app.tenants.splash.id,
      data: { classId: 'cls_2', childName: 'Mia', childAge: 5 },
    });
    // A registration link is no tool URL.
    const asTool = await app.callTool(`/api/tools/get_classes?token=${link.searchParams.get('registration')}`);
    expect(asTool.status).toBe(401);
  });

  it('sends the text at once, inside the call, when the deployment has no job queue', async () => {
    const app = await createSwimApp({ queue: false });
    expect((await sendLink(app)).status).toBe(200);
    expect(app.sent).toHaveLength(1);
    const [message] = await app.storage.withTenant(app.tenants.splash.id, async (scope) => {
      const conversation = await scope.conversations.findOrCreate('sms', '+15550109999');
      return (await scope.messages.list(conversation.id)).items;
    });
    expect(message).toMatchObject({ status: 'sent', body: app.sent[0]?.body });
  });
});
