import { createDevAuth, createNuvatra, type Storage } from '@nuvatra/core';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';

// Test-only: the components talk to the real API (core's handler on in-memory SQLite, development sign-in) through
// the provider's `fetch`, so what they render is what the server answers, errors included.

export interface TestApi {
  storage: Storage;
  /** A fetch that answers from the handler, as if the page were served at http://dashboard.test. */
  fetch: typeof fetch;
  tenants: { sunrise: string; harbor: string };
  /** Calls stored for Sunrise Dental, newest last. */
  sunriseCallIds: string[];
}

export const origin = 'http://dashboard.test';

export async function startTestApi(): Promise<TestApi> {
  const storage = createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  await storage.migrate();
  const sunrise = await storage.tenants.create({ slug: 'sunrise-dental', name: 'Sunrise Dental' });
  const harbor = await storage.tenants.create({ slug: 'harbor-bistro', name: 'Harbor Bistro' });
  const sunriseCallIds: string[] = [];
  await storage.withTenant(sunrise.id, async (scope) => {
    await scope.members.add({ userId: 'alice', role: 'owner' });
    await scope.config.put({
      businessProfile: { name: 'Sunrise Dental', industry: 'dental clinic' },
      timezone: 'America/New_York',
      greeting: { en: 'Thank you for calling Sunrise Dental.' },
      workingHours: { weekly: { mon: [{ open: '09:00', close: '17:00' }] } },
    });
    await scope.phoneNumbers.create({
      number: '+1 555 010 0001',
      kind: 'owned',
      provider: 'twilio',
      label: 'Front desk',
    });
    for (const [index, caller] of ['+15550109901', '+15550109902'].entries()) {
      const call = await scope.calls.create({
        provider: 'twilio',
        providerCallId: `CA-sunrise-${index}`,
        from: caller,
        to: '+15550100001',
        status: 'completed',
        startedAt: `2026-11-2${index}T14:00:00.000Z`,
        endedAt: `2026-11-2${index}T14:03:05.000Z`,
        durationSeconds: 185,
        transcript: 'AI: Sunrise Dental, how can I help?\nUser: I would like a cleaning on Tuesday.',
        messages: [
          { role: 'assistant', text: 'Sunrise Dental, how can I help?', secondsFromStart: 0.4 },
          { role: 'user', text: 'I would like a cleaning on Tuesday.', secondsFromStart: 3.1 },
        ],
        recordingUrl: `https://recordings.example.com/sunrise-${index}.mp3`,
        summary: index === 0 ? 'Booked a cleaning for Tuesday.' : 'Asked about opening hours.',
        outcome: index === 0 ? 'booked' : 'answered',
        intent: index === 0 ? 'book_cleaning' : 'opening_hours',
      });
      sunriseCallIds.push(call.id);
    }
  });
  await storage.withTenant(harbor.id, async (scope) => {
    await scope.members.add({ userId: 'bob', role: 'owner' });
    await scope.phoneNumbers.create({
      number: '+1 555 020 0002',
      kind: 'owned',
      provider: 'twilio',
      label: 'Reservations',
    });
    await scope.calls.create({
      provider: 'twilio',
      providerCallId: 'CA-harbor-0',
      from: '+15550209901',
      to: '+15550200002',
      status: 'completed',
      summary: 'Table for four on Friday.',
      outcome: 'booked',
    });
  });
  const nuvatra = createNuvatra({
    storage,
    auth: [createDevAuth({ nodeEnv: 'test' })],
    adminUserIds: ['admin'],
    logger: false,
  });
  const fetchFromHandler = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), origin);
    return nuvatra.handle(new Request(url, init));
  }) as typeof fetch;
  return { storage, fetch: fetchFromHandler, tenants: { sunrise: sunrise.id, harbor: harbor.id }, sunriseCallIds };
}
