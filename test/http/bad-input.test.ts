import { beforeEach, describe, expect, it } from 'vitest';
import { adminApiKey, createTestApp, seedTwoTenants, type TestApp } from './app.js';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
  await seedTwoTenants(app);
});

async function errorOf(response: Response) {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, ...body.error };
}

/** Everything alice's tenant holds that a bad request might touch. */
async function snapshot() {
  const read = async (path: string) => (await app.request('GET', path, { as: 'alice' })).json();
  return {
    intents: await read('/api/intents'),
    numbers: await read('/api/phone-numbers'),
    profile: await read('/api/profile'),
    hours: await read('/api/working-hours'),
    appointments: await read('/api/appointments'),
  };
}

describe('bad input gets a clear 4xx and changes nothing', () => {
  const cases: Array<{
    name: string;
    method: string;
    path: string;
    init: Parameters<TestApp['request']>[2];
    status: number;
    code: string;
    says: RegExp;
  }> = [
    {
      name: 'malformed JSON',
      method: 'POST',
      path: '/api/intents',
      init: { rawBody: '{"name": "hours",', headers: { 'content-type': 'application/json' } },
      status: 400,
      code: 'INVALID_JSON',
      says: /not valid JSON/,
    },
    {
      name: 'a wrong type',
      method: 'POST',
      path: '/api/intents',
      init: { body: { name: 'opening', enabled: 'yes' } },
      status: 400,
      code: 'VALIDATION_FAILED',
      says: /enabled/,
    },
    {
      name: 'an unknown field',
      method: 'PUT',
      path: '/api/working-hours',
      init: { body: { timezone: 'UTC', workingHours: { weekly: {} }, tenantId: 'ten_other' } },
      status: 400,
      code: 'VALIDATION_FAILED',
      says: /tenantId/,
    },
    {
      name: 'a time zone that does not exist',
      method: 'PUT',
      path: '/api/working-hours',
      init: { body: { timezone: 'Mars/Olympus', workingHours: { weekly: {} } } },
      status: 400,
      code: 'VALIDATION_FAILED',
      says: /timezone/,
    },
    {
      name: 'a 2 MB body',
      method: 'PUT',
      path: '/api/profile',
      init: {
        rawBody: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
        headers: { 'content-type': 'application/json' },
      },
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      says: /larger than/,
    },
    {
      name: 'a 2 MB body sent without Content-Length',
      method: 'POST',
      path: '/api/appointments',
      init: {
        rawBody: new Blob(['{"pad":"', 'x'.repeat(2 * 1024 * 1024), '"}']).stream(),
        headers: { 'content-type': 'application/json' },
      },
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      says: /larger than/,
    },
    {
      name: 'a wrong content type',
      method: 'POST',
      path: '/api/phone-numbers',
      init: {
        rawBody: 'number=+15550100009&kind=owned',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      says: /application\/json/,
    },
    {
      name: 'a bad phone number',
      method: 'POST',
      path: '/api/phone-numbers',
      init: { body: { number: 'call me maybe', kind: 'owned' } },
      status: 400,
      code: 'INVALID_PHONE_NUMBER',
      says: /not a phone number/,
    },
    {
      name: 'a cursor this server did not hand out',
      method: 'GET',
      path: '/api/calls?cursor=not-a-cursor',
      init: {},
      status: 400,
      code: 'INVALID_CURSOR',
      says: /cursor/,
    },
    {
      name: 'a page size out of range',
      method: 'GET',
      path: '/api/calls?limit=5000',
      init: {},
      status: 400,
      code: 'VALIDATION_FAILED',
      says: /limit/,
    },
    {
      name: 'an unknown query parameter',
      method: 'GET',
      path: '/api/conversations?tenant_id=ten_other',
      init: {},
      status: 400,
      code: 'VALIDATION_FAILED',
      says: /tenant_id/,
    },
    {
      name: 'an appointment that ends before it starts',
      method: 'POST',
      path: '/api/appointments',
      init: {
        body: { customerName: 'Ann', startsAt: '2030-01-01T10:00:00.000Z', endsAt: '2030-01-01T09:00:00.000Z' },
      },
      status: 400,
      code: 'VALIDATION_FAILED',
      says: /ends/i,
    },
    {
      name: 'an unknown id',
      method: 'PUT',
      path: '/api/intents/int_does_not_exist',
      init: { body: { description: 'x' } },
      status: 404,
      code: 'NOT_FOUND',
      says: /int_does_not_exist/,
    },
    {
      name: 'an id that cannot exist',
      method: 'GET',
      path: '/api/calls/..%2F..%2Fetc',
      init: {},
      status: 404,
      code: 'NOT_FOUND',
      says: /No such/,
    },
  ];

  it.each(cases)('$name → $status $code', async ({ method, path, init, status, code, says }) => {
    const before = await snapshot();
    const error = await errorOf(await app.request(method, path, { as: 'alice', ...init }));
    expect(error).toMatchObject({ status, code });
    expect(error.message).toMatch(says);
    expect(await snapshot()).toEqual(before);
  });
});

describe('requests the API does not know or may not serve', () => {
  it('answers an unknown route with 404 and a known route with the wrong method with 405 and Allow', async () => {
    expect(await errorOf(await app.request('GET', '/api/nope'))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    const response = await app.request('DELETE', '/api/calls');
    expect(response.headers.get('allow')).toBe('GET');
    expect(await errorOf(response)).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
  });

  it('answers 401 without credentials, with a bad API key and with a malformed development token', async () => {
    expect(await errorOf(await app.request('GET', '/api/calls', { as: null }))).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    const badKey = await app.request('GET', '/api/calls', { as: null, headers: { 'x-api-key': `${adminApiKey}x` } });
    expect(await errorOf(badKey)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    const badDev = await app.request('GET', '/api/calls', { as: 'not a user id!' });
    expect(await errorOf(badDev)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('answers 401 to a signed-in user who belongs to no tenant', async () => {
    expect(await errorOf(await app.request('GET', '/api/calls', { as: 'mallory' }))).toMatchObject({
      status: 401,
      code: 'TENANT_NOT_RESOLVED',
    });
  });

  it('never shows an internal error’s detail to the caller', async () => {
    const failing = await createTestApp({
      plugins: [
        {
          name: 'broken',
          routes: [
            {
              method: 'GET',
              path: '/api/broken',
              auth: 'public',
              summary: 'fails',
              handle() {
                throw new Error('database password is hunter2');
              },
            },
          ],
        },
      ],
    });
    const error = await errorOf(await failing.request('GET', '/api/broken'));
    expect(error).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(error.message).not.toContain('hunter2');
  });
});

describe('CORS', () => {
  it('allows the configured dashboard origin and no other', async () => {
    const allowed = await app.request('GET', '/api/me', {
      as: 'alice',
      headers: { origin: 'https://dashboard.example.com' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.com');
    const other = await app.request('GET', '/api/me', { as: 'alice', headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from the dashboard origin without credentials', async () => {
    const response = await app.request('OPTIONS', '/api/intents', {
      as: null,
      headers: { origin: 'https://dashboard.example.com', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-tenant-id');
  });
});
