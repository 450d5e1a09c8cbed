import { describe, expect, it } from 'vitest';
import { databaseUrl, freshDatabase } from '../../../test-support/postgres.js';
import { type CalendarApp, createCalendarApp } from './app.js';

// Monday 3 March 2031 in New York (EST, UTC-5): the clinics open 9:00-17:00 on weekdays.
const monday = (clock: string) => `2031-03-03T${clock}:00-05:00`;
const utc = (clock: string) => new Date(monday(clock)).toISOString();
const email = 'owner@clinic-a.example';
const database = freshDatabase({ tag: 'nvt_gcal' });

async function errorOf(response: Response) {
  return {
    status: response.status,
    ...((await response.json()) as { error: { code: string; message: string } }).error,
  };
}

function book(app: CalendarApp, body: Record<string, unknown>, as?: string) {
  return app.api('POST', '/api/calendar/appointments', { body, ...(as ? { as } : {}) });
}

describe.each([
  ['SQLite', () => createCalendarApp()],
  ['Postgres', () => createCalendarApp({ postgresUrl: databaseUrl(database.name) })],
] as const)('booking through the calendar route on %s', (_, create) => {
  it("books into Google and the tenant's appointments, and the slot is busy afterwards", async () => {
    const app = await create();
    await app.connectCalendar();
    const response = await book(app, {
      start: monday('11:00'),
      callerName: 'Ada Lovelace',
      callerPhone: '+15551230001',
    });
    expect(response.status).toBe(201);
    const { appointment } = (await response.json()) as { appointment: Record<string, unknown> };
    expect(appointment).toMatchObject({
      customerName: 'Ada Lovelace',
      startsAt: utc('11:00'),
      endsAt: utc('11:30'),
      status: 'booked',
      externalEventId: expect.any(String),
    });
    expect(await app.appointments()).toEqual([expect.objectContaining({ id: appointment.id })]);
    const events = app.fake.account(email).events;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      id: appointment.externalEventId,
      summary: 'Appointment: Ada Lovelace',
      start: { dateTime: utc('11:00'), timeZone: 'America/New_York' },
    });

    const busy = await app.api(
      'GET',
      `/api/calendar/freebusy?timeMin=${encodeURIComponent(monday('00:00'))}&timeMax=${encodeURIComponent('2031-03-04T00:00:00-05:00')}`,
    );
    expect(await busy.json()).toEqual({
      timeZone: 'America/New_York',
      busy: [{ start: utc('11:00'), end: utc('11:30') }],
      open: [{ start: utc('09:00'), end: utc('17:00') }],
    });
    expect(await errorOf(await book(app, { start: monday('11:15'), callerName: 'Bob' }))).toMatchObject({
      status: 409,
      code: 'SLOT_BUSY',
    });
  });
});

describe('booking refusals a voice agent can speak', () => {
  it('refuses a time outside working hours with the opening hours in a sentence', async () => {
    const app = await createCalendarApp();
    await app.connectCalendar();
    expect(await errorOf(await book(app, { start: monday('08:00'), callerName: 'Ada' }))).toEqual({
      status: 409,
      code: 'OUTSIDE_WORKING_HOURS',
      message: 'That time is outside our opening hours: we are open Monday to Friday 9:00 to 17:00.',
    });
    // Ends after closing.
    expect(await errorOf(await book(app, { start: monday('16:45'), callerName: 'Ada' }))).toMatchObject({
      code: 'OUTSIDE_WORKING_HOURS',
    });
    expect(await errorOf(await book(app, { start: '2031-03-08T10:00:00-05:00', callerName: 'Ada' }))).toMatchObject({
      code: 'OUTSIDE_WORKING_HOURS',
    });
    expect(await errorOf(await book(app, { start: '2031-12-25T10:00:00-05:00', callerName: 'Ada' }))).toEqual({
      status: 409,
      code: 'OUTSIDE_WORKING_HOURS',
      message:
        'That time is outside our opening hours: we are open Monday to Friday 9:00 to 17:00. We are closed on Thursday 25 December (Christmas).',
    });
    expect(await app.appointments()).toEqual([]);
    expect(app.fake.hits.insert).toBe(0);
  });

  it('refuses a busy slot and offers the nearest free times', async () => {
    const app = await createCalendarApp();
    await app.connectCalendar();
    app.fake.account(email).busy.push({ start: utc('10:00'), end: utc('10:30') });
    expect(await errorOf(await book(app, { start: monday('10:00'), callerName: 'Ada' }))).toEqual({
      status: 409,
      code: 'SLOT_BUSY',
      message: 'That slot is already taken; the nearest free times are 9:30 and 10:30.',
    });
    expect(await app.appointments()).toEqual([]);
    expect(app.fake.hits.insert).toBe(0);
  });

  it('answers 400 to a bad freebusy range', async () => {
    const app = await createCalendarApp();
    await app.connectCalendar();
    const range = (min: string, max: string) =>
      app.api('GET', `/api/calendar/freebusy?timeMin=${encodeURIComponent(min)}&timeMax=${encodeURIComponent(max)}`);
    for (const [min, max] of [
      [monday('12:00'), monday('11:00')],
      [monday('12:00'), '2031-05-01T00:00:00-05:00'],
      ['2031-03-03T12:00:00', monday('13:00')],
    ] as const) {
      expect(await errorOf(await range(min, max))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('books once when the same call asks twice for the same start, and links the call', async () => {
    const app = await createCalendarApp();
    await app.connectCalendar();
    const call = await app.storage.withTenant(app.tenants.a.id, (scope) =>
      scope.calls.create({
        provider: 'telnyx',
        providerCallId: 'v3:call-1',
        direction: 'inbound',
        from: '+15551230001',
        to: '+15550001111',
      }),
    );
    const first = await book(app, { start: monday('14:00'), callerName: 'Ada', callId: call.id });
    const again = await book(app, { start: monday('14:00'), callerName: 'Ada', callId: call.id });
    expect([first.status, again.status]).toEqual([201, 200]);
    const [a, b] = [
      (await first.json()) as { appointment: { id: string } },
      (await again.json()) as { appointment: { id: string } },
    ];
    expect(b.appointment.id).toBe(a.appointment.id);
    expect(await app.appointments()).toEqual([expect.objectContaining({ callId: call.id })]);
    expect(app.fake.account(email).events).toHaveLength(1);
    // Another tenant's call id is unknown here.
    const other = await app.storage.withTenant(app.tenants.b.id, (scope) =>
      scope.calls.create({
        provider: 'telnyx',
        providerCallId: 'v3:call-b',
        direction: 'inbound',
        from: '+15551230002',
        to: '+15550002222',
      }),
    );
    expect(
      await errorOf(await book(app, { start: monday('15:00'), callerName: 'Eve', callId: other.id })),
    ).toMatchObject({
      status: 404,
    });
  });

  it('stores nothing when Google does not take the event, and books when asked again', async () => {
    const app = await createCalendarApp();
    await app.connectCalendar();
    app.fake.failNextInsert = true;
    const failed = await book(app, { start: monday('09:00'), callerName: 'Ada' });
    expect(failed.status).toBe(503);
    expect(await app.appointments()).toEqual([]);
    expect((await book(app, { start: monday('09:00'), callerName: 'Ada' })).status).toBe(201);
    expect(await app.appointments()).toHaveLength(1);
  });
});

describe('the voice-agent tools', () => {
  it('check_availability answers free slots in words and data', async () => {
    const app = await createCalendarApp();
    await app.connectCalendar();
    app.fake.account(email).busy.push({ start: utc('09:30'), end: utc('16:00') });
    const { status, body } = await app.callTool(app.tenants.a.id, 'check_availability', { date: '2031-03-03' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      timeZone: 'America/New_York',
      slots: [
        { start: utc('09:00'), end: utc('09:30') },
        { start: utc('16:00'), end: utc('16:30') },
        { start: utc('16:30'), end: utc('17:00') },
      ],
      speech: 'On Monday 3 March we have 9:00, 16:00 and 16:30 free.',
    });
  });

  it('book_appointment books, links the call the tool runs in, and speaks refusals', async () => {
    const app = await createCalendarApp();
    await app.connectCalendar();
    const call = await app.storage.withTenant(app.tenants.a.id, (scope) =>
      scope.calls.create({
        provider: 'telnyx',
        providerCallId: 'v3:abc',
        direction: 'inbound',
        from: '+15551230001',
        to: '+15550001111',
      }),
    );
    const booked = await app.callTool(
      app.tenants.a.id,
      'book_appointment',
      { start: monday('10:30'), callerName: 'Ada' },
      'v3:abc',
    );
    expect(booked.body).toMatchObject({ ok: true, speech: "You're booked for Monday 3 March at 10:30." });
    const repeated = await app.callTool(
      app.tenants.a.id,
      'book_appointment',
      { start: monday('10:30'), callerName: 'Ada' },
      'v3:abc',
    );
    expect(repeated.body).toMatchObject({ ok: true, alreadyBooked: true });
    expect(await app.appointments()).toEqual([expect.objectContaining({ callId: call.id, startsAt: utc('10:30') })]);

    const outside = await app.callTool(app.tenants.a.id, 'book_appointment', {
      start: monday('18:00'),
      callerName: 'Bob',
    });
    expect(outside).toEqual({
      status: 200,
      body: {
        ok: false,
        code: 'OUTSIDE_WORKING_HOURS',
        reason: 'That time is outside our opening hours: we are open Monday to Friday 9:00 to 17:00.',
      },
    });
    const taken = await app.callTool(app.tenants.a.id, 'book_appointment', {
      start: monday('10:30'),
      callerName: 'Bob',
    });
    expect(taken.body).toEqual({
      ok: false,
      code: 'SLOT_BUSY',
      reason: 'That slot is already taken; the nearest free times are 10:00 and 11:00.',
    });
  });

  it('speaks "I can\'t book right now" when the calendar is not connected or broken', async () => {
    const app = await createCalendarApp();
    const missing = await app.callTool(app.tenants.a.id, 'book_appointment', {
      start: monday('10:00'),
      callerName: 'Ada',
    });
    expect(missing).toMatchObject({ status: 200, body: { ok: false, code: 'CALENDAR_NOT_CONNECTED' } });
    expect(missing.body.reason).toMatch(/^I can't book appointments right now/);
    expect(await errorOf(await book(app, { start: monday('10:00'), callerName: 'Ada' }))).toMatchObject({
      status: 409,
      code: 'CALENDAR_NOT_CONNECTED',
    });

    await app.connectCalendar();
    app.fake.revokeAll(email);
    app.clock.offsetMs += 2 * 60 * 60_000;
    expect(await errorOf(await book(app, { start: monday('10:00'), callerName: 'Ada' }))).toMatchObject({
      status: 409,
      code: 'GOOGLE_CONNECTION_BROKEN',
    });
    const broken = await app.callTool(app.tenants.a.id, 'check_availability', { date: '2031-03-03' });
    expect(broken.body).toMatchObject({ ok: false, code: 'GOOGLE_CONNECTION_BROKEN' });
    expect(broken.body.reason).toMatch(/^I can't book appointments right now/);
    expect(await (await app.api('GET', '/api/calendar/connection')).json()).toMatchObject({
      connection: { status: 'broken' },
    });
    expect(await app.appointments()).toEqual([]);
  });
});

describe("one tenant's calendar", () => {
  it('is neither visible nor bookable by another tenant', async () => {
    const app = await createCalendarApp();
    await app.connectCalendar();
    const as = 'owner@clinic-b';
    expect(await (await app.api('GET', '/api/calendar/connection', { as })).json()).toEqual({ connection: null });
    expect(await errorOf(await book(app, { start: monday('11:00'), callerName: 'Eve' }, as))).toMatchObject({
      status: 409,
      code: 'CALENDAR_NOT_CONNECTED',
    });
    const freebusy = await app.api(
      'GET',
      `/api/calendar/freebusy?timeMin=${encodeURIComponent(monday('09:00'))}&timeMax=${encodeURIComponent(monday('17:00'))}`,
      { as },
    );
    expect(await errorOf(freebusy)).toMatchObject({ status: 409, code: 'CALENDAR_NOT_CONNECTED' });
    const viaTool = await app.callTool(app.tenants.b.id, 'book_appointment', {
      start: monday('11:00'),
      callerName: 'Eve',
    });
    expect(viaTool.body).toMatchObject({ ok: false, code: 'CALENDAR_NOT_CONNECTED' });
    expect(app.fake.account(email).events).toEqual([]);
    expect(await app.appointments(as)).toEqual([]);
    expect(await app.appointments()).toEqual([]);
  });
});
