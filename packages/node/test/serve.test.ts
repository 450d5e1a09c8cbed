import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, request } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deferred, type Echo, echoHandler } from '../../../test-support/echo-handler.js';
import { sendRaw } from '../../../test-support/raw-request.js';
import { type FetchHandler, type NuvatraServer, type ServeOptions, serve, toNodeListener } from '../src/index.js';

// The handler served on node:http through serve(), called with fetch over loopback.

let running: NuvatraServer | undefined;
afterEach(async () => {
  running?.server.closeAllConnections();
  await running?.close();
  running = undefined;
});

async function start(handler: FetchHandler, options: ServeOptions = {}) {
  running = await serve(handler, { port: 0, hostname: '127.0.0.1', ...options });
  return running.url;
}

const binary = Uint8Array.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0d, 0x0a, 0x7f]);
const form = 'To=%2B15551230000&From=%2B15559870000&Body=caf%E9+%F0%9F%98%80&Body=twice';

describe('serve()', () => {
  it('listens where its url says', async () => {
    const url = await start(echoHandler);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).toBe(`http://127.0.0.1:${(running!.server.address() as { port: number }).port}`);
  });

  it('hands the handler the method, the URL with its query, and the headers', async () => {
    const url = await start(echoHandler);
    const response = await fetch(`${url}/api/calls?status=open&tag=a&tag=b`, {
      method: 'PATCH',
      headers: { 'x-trace': 'abc' },
    });
    const echo = (await response.json()) as Echo;
    expect(echo.method).toBe('PATCH');
    expect(echo.url).toBe(`${url}/api/calls?status=open&tag=a&tag=b`);
    expect(echo.headers['x-trace']).toBe('abc');
    // The adapter gives a bodiless PATCH an empty stream rather than null; either reads as no bytes.
    expect(echo.body ?? '').toBe('');
  });

  it('forwards the exact body bytes, binary and form-encoded', async () => {
    const url = await start(echoHandler);
    const post = async (contentType: string, body: BodyInit) =>
      Buffer.from(
        (
          (await (
            await fetch(`${url}/hook`, { method: 'POST', headers: { 'content-type': contentType }, body })
          ).json()) as Echo
        ).body!,
        'base64',
      );
    expect(await post('application/octet-stream', binary)).toEqual(Buffer.from(binary));
    expect((await post('application/x-www-form-urlencoded', form)).toString('latin1')).toBe(form);
  });

  it('streams a large response in full', async () => {
    const chunk = 64 * 1024;
    let sent = 0;
    const url = await start({
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
    });
    const body = new Uint8Array(await (await fetch(`${url}/export`)).arrayBuffer());
    const expected = new Uint8Array(128 * chunk);
    for (let i = 0; i < 128; i += 1) expected.fill(i % 251, i * chunk, (i + 1) * chunk);
    expect(body.byteLength).toBe(expected.byteLength);
    expect(createHash('sha256').update(body).digest('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('answers HEAD with the headers and no body', async () => {
    const url = await start(echoHandler);
    const response = await fetch(`${url}/api/health`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('');
  });

  it('sends every Set-Cookie header', async () => {
    const url = await start({
      handle: async () => {
        const headers = new Headers();
        headers.append('set-cookie', 'session=abc; Path=/; HttpOnly');
        headers.append('set-cookie', 'theme=dark; Path=/');
        return new Response('ok', { headers });
      },
    });
    expect((await fetch(url)).headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly', 'theme=dark; Path=/']);
  });

  it('answers 500 INTERNAL without the error message when the handler throws, and reports the error', async () => {
    const onError = vi.fn();
    const failure = new Error('database password is hunter2');
    const url = await start(
      {
        handle: async () => {
          throw failure;
        },
      },
      { onError },
    );
    const response = await fetch(`${url}/api/calls`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: { code: 'INTERNAL', message: 'An unexpected error occurred.' } });
    expect(text).not.toContain('hunter2');
    expect(onError).toHaveBeenCalledWith(failure);
  });

  it('builds the URL from publicBaseUrl, not from the Host header or the request target', async () => {
    const url = await start(echoHandler, { publicBaseUrl: 'https://voice.example.com' });
    const forged = await sendRaw(url, { path: '/twilio/voice?CallSid=CA1', headers: { host: 'attacker.example' } });
    const absolute = await sendRaw(url, { path: 'http://attacker.example/twilio/voice' });
    expect((JSON.parse(forged.body.toString()) as Echo).url).toBe('https://voice.example.com/twilio/voice?CallSid=CA1');
    expect((JSON.parse(absolute.body.toString()) as Echo).url).toBe('https://voice.example.com/twilio/voice');
  });

  it('keeps the body and method when it rewrites the origin', async () => {
    const url = await start(echoHandler, { publicBaseUrl: 'https://voice.example.com' });
    const response = await fetch(`${url}/hook`, { method: 'POST', body: binary });
    const echo = (await response.json()) as Echo;
    expect(echo.method).toBe('POST');
    expect(Buffer.from(echo.body!, 'base64')).toEqual(Buffer.from(binary));
  });

  it('ignores X-Forwarded-Host and -Proto', async () => {
    const url = await start(echoHandler);
    const headers = { 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'https' };
    expect(((await (await fetch(`${url}/x`, { headers })).json()) as Echo).url).toBe(`${url}/x`);
  });

  it('aborts the request signal when the client disconnects', async () => {
    const started = deferred();
    const aborted = deferred();
    const url = await start({
      handle: async (request) => {
        request.signal.addEventListener('abort', () => aborted.resolve());
        started.resolve();
        await aborted.promise;
        return new Response('too late');
      },
    });
    const client = new AbortController();
    const answer = fetch(`${url}/slow`, { signal: client.signal }).catch((error: unknown) => error);
    await started.promise;
    client.abort();
    await aborted.promise;
    expect(await answer).toBeInstanceOf(Error);
  });

  it('refuses a publicBaseUrl that is more than an origin before it listens', async () => {
    await expect(serve(echoHandler, { port: 0, publicBaseUrl: 'https://voice.example.com/base' })).rejects.toThrow(
      /publicBaseUrl must be an origin only/,
    );
  });

  it('stops listening on close()', async () => {
    const url = await start(echoHandler);
    await running!.close();
    running = undefined;
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('answers given before the body arrived', () => {
  it('say Connection: close, so the client does not reuse a socket that still carries the body', async () => {
    const url = await start({ handle: async () => new Response('too large', { status: 413 }) });
    const { hostname, port } = new URL(url);
    const outgoing = request({
      hostname,
      port,
      method: 'POST',
      path: '/upload',
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(4 * 1024 * 1024) },
    });
    outgoing.on('error', () => undefined); // the server may cut the rest of the upload
    outgoing.write(Buffer.alloc(1024));
    const [incoming] = (await once(outgoing, 'response')) as [IncomingMessage];
    incoming.resume();
    expect(incoming.statusCode).toBe(413);
    expect(incoming.headers.connection).toBe('close');
    outgoing.destroy();
  });

  it('keep the connection when the handler read the body, and for a request without one', async () => {
    const url = await start({
      handle: async (request) => new Response(request.method === 'POST' ? await request.text() : 'ok'),
    });
    const posted = await sendRaw(url, { method: 'POST', path: '/small', body: Buffer.from('{}') });
    expect(posted.status).toBe(200);
    expect(posted.headers.connection).not.toBe('close');
    const got = await sendRaw(url, { path: '/page' });
    expect(got.status).toBe(200);
    expect(got.headers.connection).not.toBe('close');
  });
});

describe('toNodeListener()', () => {
  it('serves the handler on a node:http server of your own', async () => {
    const server = createServer(toNodeListener(echoHandler));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    try {
      const echo = (await (await fetch(`http://127.0.0.1:${port}/own?x=1`)).json()) as Echo;
      expect(echo.url).toBe(`http://127.0.0.1:${port}/own?x=1`);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('refuses a handler without handle() when it is created', () => {
    expect(() => toNodeListener({} as FetchHandler)).toThrow(/handle\(request\)/);
  });
});
