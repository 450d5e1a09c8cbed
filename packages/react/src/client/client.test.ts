import { describe, expect, it } from 'vitest';
import { createNuvatraClient } from './client.js';
import { isNuvatraApiError, type NuvatraApiError } from './errors.js';

/** Records what the client sent and answers `response`. */
function recordingFetch(response: () => Response) {
  const sent: Request[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(new Request(new URL(String(input), 'http://page.test'), init));
    return response();
  }) as typeof fetch;
  return { sent, fetchImpl };
}

async function failureOf(promise: Promise<unknown>): Promise<NuvatraApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isNuvatraApiError(error)) throw new Error(`expected a NuvatraApiError, got ${String(error)}`);
  return error;
}

describe('createNuvatraClient', () => {
  it('sends the bearer token it is given at request time, the impersonated tenant and JSON', async () => {
    const { sent, fetchImpl } = recordingFetch(() => Response.json({ ok: true }));
    let token = 'first';
    const client = createNuvatraClient({
      baseUrl: 'https://api.example.com/',
      getToken: () => token,
      tenantId: 'ten_1',
      fetch: fetchImpl,
    });
    await client.request('POST', '/api/intents', { body: { name: 'book' } });
    token = 'refreshed';
    await client.request('GET', '/api/me');
    expect(sent.map((request) => [request.method, request.url, request.headers.get('authorization')])).toEqual([
      ['POST', 'https://api.example.com/api/intents', 'Bearer first'],
      ['GET', 'https://api.example.com/api/me', 'Bearer refreshed'],
    ]);
    expect(sent[0]?.headers.get('x-tenant-id')).toBe('ten_1');
    expect(sent[0]?.headers.get('content-type')).toBe('application/json');
    expect(await sent[0]?.json()).toEqual({ name: 'book' });
    expect(sent[1]?.headers.get('content-type')).toBeNull();
  });

  it('sends no Authorization header without a token, and leaves empty query values out', async () => {
    const { sent, fetchImpl } = recordingFetch(() => Response.json({ items: [], nextCursor: null }));
    const client = createNuvatraClient({ baseUrl: 'http://localhost:3000', getToken: () => null, fetch: fetchImpl });
    await client.request('GET', '/api/calls', { query: { limit: 25, cursor: undefined, outcome: '', status: null } });
    expect(sent[0]?.url).toBe('http://localhost:3000/api/calls?limit=25');
    expect(sent[0]?.headers.has('authorization')).toBe(false);
    expect(sent[0]?.headers.has('x-tenant-id')).toBe(false);
  });

  it('answers undefined for 204 No Content', async () => {
    const { fetchImpl } = recordingFetch(() => new Response(null, { status: 204 }));
    const client = createNuvatraClient({ baseUrl: '', fetch: fetchImpl });
    expect(await client.request('DELETE', '/api/intents/int_1')).toBeUndefined();
  });

  it("raises the API's own error code, message and field issues", async () => {
    const body = {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'The request body is not valid.',
        issues: [{ path: 'number', message: 'not a phone number' }],
      },
    };
    const { fetchImpl } = recordingFetch(() => Response.json(body, { status: 400 }));
    const error = await failureOf(createNuvatraClient({ baseUrl: '', fetch: fetchImpl }).request('GET', '/api/x'));
    expect([error.status, error.code, error.message, error.issues]).toEqual([
      400,
      'VALIDATION_FAILED',
      'The request body is not valid.',
      [{ path: 'number', message: 'not a phone number' }],
    ]);
  });

  it("gives a readable message when the error body is not the API's (a proxy's HTML page)", async () => {
    const { fetchImpl } = recordingFetch(
      () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const error = await failureOf(createNuvatraClient({ baseUrl: '', fetch: fetchImpl }).request('GET', '/api/me'));
    expect([error.status, error.code, error.message]).toEqual([
      502,
      'HTTP_502',
      'The server answered 502 Bad Gateway.',
    ]);
  });

  it('turns an unreachable server into NETWORK_ERROR naming the API address', async () => {
    const fetchImpl = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const client = createNuvatraClient({ baseUrl: 'http://127.0.0.1:9', fetch: fetchImpl });
    const error = await failureOf(client.request('GET', '/api/me'));
    expect([error.status, error.code]).toEqual([0, 'NETWORK_ERROR']);
    expect(error.message).toContain('http://127.0.0.1:9');
  });

  it('lets an aborted request reject with the abort, not a network error', async () => {
    const controller = new AbortController();
    const fetchImpl = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      controller.abort();
      throw init?.signal?.reason;
    }) as typeof fetch;
    const client = createNuvatraClient({ baseUrl: '', fetch: fetchImpl });
    const outcome = await client.request('GET', '/api/me', { signal: controller.signal }).catch((e: unknown) => e);
    expect(isNuvatraApiError(outcome)).toBe(false);
    expect((outcome as Error).name).toBe('AbortError');
  });
});
