import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import express from 'express';
import express4 from 'express4';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deferred, type Echo, echoHandler } from '../../../test-support/echo-handler.js';
import { sendRaw } from '../../../test-support/raw-request.js';
import { captureRawBody, type FetchHandler, nuvatra, RECONSTRUCTED_BODY_HEADER } from '../src/index.js';
import { type Loopback, listen } from './loopback.js';

// The middleware end to end, on real Express 4 and Express 5 apps served on loopback.

// Express 4 and 5 share every API these tests use; only their type packages differ.
const versions = [
  ['Express 4', express4 as unknown as typeof express],
  ['Express 5', express],
] as const;

const binary = Uint8Array.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0d, 0x0a, 0x7f]);
// A form body as Twilio sends it, with a Latin-1 escape (%E9) that is not valid UTF-8 once decoded.
const form = 'To=%2B15551230000&From=%2B15559870000&Body=caf%E9+%F0%9F%98%80&Body=twice';
const json = '{ "b" : "\\u00e9",  "a":1 }';

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(url: string, contentType: string, body: BodyInit): Promise<Echo> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return (await response.json()) as Echo;
}

const bytesOf = (echo: Echo) => Buffer.from(echo.body ?? '', 'base64');

describe.each(versions)('nuvatra() on %s', (_name, createExpress) => {
  async function serve(setup: (app: ReturnType<typeof express>) => void) {
    const app = createExpress();
    setup(app);
    server = await listen(app);
    return server.url;
  }

  it('hands the handler the method, the full original URL with its query, and the headers', async () => {
    const url = await serve((app) => app.use('/mounted', nuvatra(echoHandler)));
    const response = await fetch(`${url}/mounted/api/calls?status=open&tag=a&tag=b`, {
      method: 'PATCH',
      headers: { 'x-trace': 'abc' },
    });
    const echo = (await response.json()) as Echo;
    expect(echo.method).toBe('PATCH');
    expect(echo.url).toBe(`${url}/mounted/api/calls?status=open&tag=a&tag=b`);
    expect(echo.headers['x-trace']).toBe('abc');
  });

  it('forwards the exact body bytes when no body parser ran', async () => {
    const url = await serve((app) => app.use(nuvatra(echoHandler)));
    expect(bytesOf(await post(`${url}/hook`, 'application/octet-stream', binary))).toEqual(Buffer.from(binary));
    expect(bytesOf(await post(`${url}/hook`, 'application/x-www-form-urlencoded', form)).toString('latin1')).toBe(form);
  });

  it('forwards the exact bytes express.raw() kept', async () => {
    const url = await serve((app) => app.use(createExpress.raw({ type: '*/*' }), nuvatra(echoHandler)));
    const echo = await post(`${url}/hook`, 'application/octet-stream', binary);
    expect(bytesOf(echo)).toEqual(Buffer.from(binary));
    expect(echo.headers[RECONSTRUCTED_BODY_HEADER]).toBeUndefined();
  });

  it('forwards the exact bytes express.json() and express.urlencoded() read with captureRawBody', async () => {
    const url = await serve((app) => {
      app.use(createExpress.json({ verify: captureRawBody }));
      app.use(createExpress.urlencoded({ extended: true, verify: captureRawBody }));
      app.use(nuvatra(echoHandler));
    });
    const fromJson = await post(`${url}/hook`, 'application/json', json);
    const fromForm = await post(`${url}/hook`, 'application/x-www-form-urlencoded', form);
    expect(bytesOf(fromJson).toString()).toBe(json);
    expect(bytesOf(fromForm).toString('latin1')).toBe(form);
    expect(fromJson.headers[RECONSTRUCTED_BODY_HEADER]).toBeUndefined();
    expect(fromForm.headers[RECONSTRUCTED_BODY_HEADER]).toBeUndefined();
  });

  it('forwards the inflated bytes of a gzip body a parser read, without the Content-Encoding header', async () => {
    const url = await serve((app) => {
      app.use(createExpress.json({ verify: captureRawBody }));
      app.use(nuvatra(echoHandler));
    });
    const response = await fetch(`${url}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(json),
    });
    const echo = (await response.json()) as Echo;
    expect(bytesOf(echo).toString()).toBe(json);
    expect(echo.headers['content-encoding']).toBeUndefined();
    expect(echo.headers['content-length']).toBe(String(Buffer.byteLength(json)));
  });

  it('re-serializes a body a parser consumed without captureRawBody, and marks it reconstructed', async () => {
    const url = await serve((app) => {
      app.use(createExpress.json());
      app.use(createExpress.urlencoded({ extended: true }));
      app.use(nuvatra(echoHandler));
    });
    const fromJson = await post(`${url}/hook`, 'application/json', json);
    expect(bytesOf(fromJson).toString()).toBe('{"b":"é","a":1}');
    expect(fromJson.headers[RECONSTRUCTED_BODY_HEADER]).toBe('1');
    const fromForm = await post(`${url}/hook`, 'application/x-www-form-urlencoded', 'To=%2B1555&user[name]=Ana+B');
    expect(bytesOf(fromForm).toString()).toBe('To=%2B1555&user%5Bname%5D=Ana+B');
    expect(fromForm.headers[RECONSTRUCTED_BODY_HEADER]).toBe('1');
  });

  it('streams a large response in full', async () => {
    const chunk = 64 * 1024;
    let sent = 0;
    const handler: FetchHandler = {
      handle: async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              if (sent === 128) return controller.close();
              controller.enqueue(new Uint8Array(chunk).fill(sent % 251));
              sent += 1;
            },
          }),
        ),
    };
    const url = await serve((app) => app.use(nuvatra(handler)));
    const body = new Uint8Array(await (await fetch(`${url}/export`)).arrayBuffer());
    const expected = new Uint8Array(128 * chunk);
    for (let i = 0; i < 128; i += 1) expected.fill(i % 251, i * chunk, (i + 1) * chunk);
    expect(body.byteLength).toBe(expected.byteLength);
    expect(createHash('sha256').update(body).digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('answers HEAD with the headers and no body', async () => {
    const url = await serve((app) => app.use(nuvatra(echoHandler)));
    const response = await fetch(`${url}/api/health`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('');
  });

  it('sends every Set-Cookie header', async () => {
    const handler: FetchHandler = {
      handle: async () => {
        const headers = new Headers();
        headers.append('set-cookie', 'session=abc; Path=/; HttpOnly');
        headers.append('set-cookie', 'theme=dark; Path=/');
        return new Response('ok', { headers });
      },
    };
    const url = await serve((app) => app.use(nuvatra(handler)));
    const response = await fetch(url);
    expect(response.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/']);
  });

  describe('a 404 from the handler', () => {
    const notFound: FetchHandler = {
      handle: async () => Response.json({ error: { code: 'NOT_FOUND', message: 'No route.' } }, { status: 404 }),
    };

    it('goes to the next Express route outside the prefix, which still reads the whole body', async () => {
      // Larger than any stream buffer: had the binding started reading, the later route would not get it all.
      const upload = new Uint8Array(1024 * 1024).map((_, i) => i % 256);
      const url = await serve((app) => {
        app.use(nuvatra(notFound, { prefix: '/api' }));
        app.post('/legacy', createExpress.raw({ type: '*/*', limit: '2mb' }), (req, res) => {
          res.send(
            createHash('sha256')
              .update(req.body as Buffer)
              .digest('hex'),
          );
        });
      });
      const response = await fetch(`${url}/legacy`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: upload,
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(createHash('sha256').update(upload).digest('hex'));
    });

    it('is final inside the prefix', async () => {
      const url = await serve((app) => {
        app.use(nuvatra(notFound, { prefix: '/api' }));
        app.get('/api/missing', (_req, res) => {
          res.send('express');
        });
      });
      const response = await fetch(`${url}/api/missing`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route.' } });
    });

    it('is final everywhere with passThroughNotFound: false', async () => {
      const url = await serve((app) => {
        app.use(nuvatra(notFound, { passThroughNotFound: false }));
        app.get('/legacy', (_req, res) => {
          res.send('express');
        });
      });
      expect((await fetch(`${url}/legacy`)).status).toBe(404);
    });
  });

  it('answers 500 INTERNAL without the error message when the handler throws, and reports the error', async () => {
    const onError = vi.fn();
    const failure = new Error('database password is hunter2');
    const handler: FetchHandler = {
      handle: async () => {
        throw failure;
      },
    };
    const url = await serve((app) => app.use(nuvatra(handler, { onError })));
    const response = await fetch(`${url}/api/calls`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'An unexpected error occurred.' } });
    expect(text).not.toContain('hunter2');
    expect(onError).toHaveBeenCalledWith(failure);
  });

  it('builds the URL from publicBaseUrl, not from the Host header', async () => {
    const url = await serve((app) => app.use(nuvatra(echoHandler, { publicBaseUrl: 'https://voice.example.com' })));
    const response = await sendRaw(url, {
      path: '/twilio/voice?CallSid=CA1',
      headers: { host: 'attacker.example', 'x-forwarded-host': 'attacker.example' },
    });
    expect((JSON.parse(response.body.toString()) as Echo).url).toBe(
      'https://voice.example.com/twilio/voice?CallSid=CA1',
    );
  });

  it('ignores X-Forwarded-Host and -Proto unless the app trusts the proxy', async () => {
    const url = await serve((app) => app.use(nuvatra(echoHandler)));
    const headers = { 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'https' };
    expect(((await (await fetch(`${url}/x`, { headers })).json()) as Echo).url).toBe(`${url}/x`);
  });

  it("honours X-Forwarded-Host and -Proto once Express's 'trust proxy' trusts the peer", async () => {
    const url = await serve((app) => {
      app.set('trust proxy', 'loopback');
      app.use(nuvatra(echoHandler));
    });
    const headers = { 'x-forwarded-host': 'voice.example.com:8443', 'x-forwarded-proto': 'https' };
    expect(((await (await fetch(`${url}/x`, { headers })).json()) as Echo).url).toBe(
      'https://voice.example.com:8443/x',
    );
  });

  it('answers 400 to a Host header that is not a host', async () => {
    const url = await serve((app) => app.use(nuvatra(echoHandler)));
    const response = await sendRaw(url, { path: '/x', headers: { host: 'attacker.example/evil?' } });
    expect(response.status).toBe(400);
    expect((JSON.parse(response.body.toString()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('aborts the request signal when the client disconnects', async () => {
    const started = deferred();
    const aborted = deferred();
    const handler: FetchHandler = {
      handle: async (request) => {
        request.signal.addEventListener('abort', () => aborted.resolve());
        started.resolve();
        await aborted.promise;
        return new Response('too late');
      },
    };
    const url = await serve((app) => app.use(nuvatra(handler)));
    const outgoing = request(`${url}/slow`);
    outgoing.on('error', () => {});
    outgoing.end();
    await started.promise;
    outgoing.destroy();
    await aborted.promise;
  });
});

describe('nuvatra()', () => {
  it('fits the Express 4 and Express 5 type packages, as middleware and as a parser verify', () => {
    // Checked by `pnpm typecheck`: each app below is typed by its own @types/express major.
    const app4 = express4().use(express4.json({ verify: captureRawBody }), nuvatra(echoHandler));
    const app5 = express().use(express.json({ verify: captureRawBody }), nuvatra(echoHandler));
    expect([typeof app4, typeof app5]).toEqual(['function', 'function']);
  });

  it('refuses a publicBaseUrl that is more than an origin when it is created', () => {
    expect(() => nuvatra(echoHandler, { publicBaseUrl: 'https://voice.example.com/base' })).toThrow(
      /publicBaseUrl must be an origin only/,
    );
  });

  it('refuses a prefix that is not a path when it is created', () => {
    expect(() => nuvatra(echoHandler, { prefix: 'api' })).toThrow(/prefix must start with "\/"/);
  });

  it('refuses a handler without handle() when it is created', () => {
    expect(() => nuvatra({} as FetchHandler)).toThrow(/handle\(request\)/);
  });
});
