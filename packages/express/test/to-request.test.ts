import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { deferred, type Echo, toEcho } from '../../../test-support/echo-handler.js';
import { sendRaw } from '../../../test-support/raw-request.js';
import { captureRawBody, RECONSTRUCTED_BODY_HEADER, type ToRequestOptions, toRequest } from '../src/index.js';
import { type Loopback, listen } from './loopback.js';

// toRequest alone, on plain node:http requests: what Express adds (originalUrl, protocol, body) is set by hand.

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves a listener that turns each request into a Fetch Request and answers with what that Request holds. */
async function serveEcho(
  options: ToRequestOptions = {},
  before: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void = () => {},
) {
  server = await listen(async (req, res) => {
    await before(req, res);
    res.end(JSON.stringify(await toEcho(toRequest(req, options))));
  });
  return server.url;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const binary = Uint8Array.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28, 0x0d, 0x0a, 0x7f]);

describe('toRequest', () => {
  it('maps the method, the URL with its query, and every header', async () => {
    const url = await serveEcho();
    const response = await fetch(`${url}/api/calls?status=open&tag=a&tag=b`, {
      method: 'DELETE',
      headers: { 'x-trace': 'abc', accept: 'application/json' },
    });
    const echo = (await response.json()) as Echo;
    expect(echo.method).toBe('DELETE');
    expect(echo.url).toBe(`${url}/api/calls?status=open&tag=a&tag=b`);
    expect(echo.headers).toMatchObject({ 'x-trace': 'abc', accept: 'application/json', host: new URL(url).host });
    expect(echo.body).toBeNull();
  });

  it('streams a body nobody has read, byte for byte', async () => {
    const url = await serveEcho();
    const response = await fetch(`${url}/upload`, { method: 'POST', body: binary });
    expect(Buffer.from(((await response.json()) as Echo).body!, 'base64')).toEqual(Buffer.from(binary));
  });

  it('gives a POST without a body a null body', async () => {
    const url = await serveEcho();
    const echo = (await (await fetch(`${url}/empty`, { method: 'POST' })).json()) as Echo;
    expect(echo.body).toBeNull();
  });

  it('uses the bytes captureRawBody stored, described as they now are', async () => {
    const url = await serveEcho({}, async (req, res) => {
      captureRawBody(req, res, await readBody(req));
    });
    const response = await sendRaw(url, {
      method: 'POST',
      path: '/hook',
      headers: { 'transfer-encoding': 'chunked', 'content-type': 'application/octet-stream' },
      body: binary,
    });
    const echo = JSON.parse(response.body.toString()) as Echo;
    expect(Buffer.from(echo.body!, 'base64')).toEqual(Buffer.from(binary));
    expect(echo.headers['content-length']).toBe(String(binary.byteLength));
    expect(echo.headers['transfer-encoding']).toBeUndefined();
    expect(echo.headers[RECONSTRUCTED_BODY_HEADER]).toBeUndefined();
  });

  it('re-serializes a body a parser consumed without capture, and marks it as reconstructed', async () => {
    const url = await serveEcho({}, async (req) => {
      await readBody(req);
      Object.assign(req, { body: { b: 'é', a: 1 } });
    });
    const echo = (await (
      await fetch(`${url}/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{ "b" : "\\u00e9",  "a":1 }',
      })
    ).json()) as Echo;
    expect(Buffer.from(echo.body!, 'base64').toString()).toBe('{"b":"é","a":1}');
    expect(echo.headers[RECONSTRUCTED_BODY_HEADER]).toBe('1');
  });

  it('drops a reconstruction marker the client sent', async () => {
    const url = await serveEcho();
    const echo = (await (
      await fetch(`${url}/hook`, { method: 'POST', headers: { [RECONSTRUCTED_BODY_HEADER]: '1' }, body: 'x' })
    ).json()) as Echo;
    expect(echo.headers[RECONSTRUCTED_BODY_HEADER]).toBeUndefined();
  });

  it('builds the URL on publicBaseUrl, whatever Host says', async () => {
    const url = await serveEcho({ publicBaseUrl: 'https://voice.example.com' });
    const response = await sendRaw(url, { path: '/twilio/voice?x=1', headers: { host: 'attacker.example' } });
    expect((JSON.parse(response.body.toString()) as Echo).url).toBe('https://voice.example.com/twilio/voice?x=1');
  });

  it('never lets the request target choose the host', async () => {
    const url = await serveEcho({ publicBaseUrl: 'https://voice.example.com' });
    const absolute = await sendRaw(url, { path: 'http://attacker.example/a?b=1' });
    const protocolRelative = await sendRaw(url, { path: '//attacker.example/a' });
    expect((JSON.parse(absolute.body.toString()) as Echo).url).toBe('https://voice.example.com/a?b=1');
    expect((JSON.parse(protocolRelative.body.toString()) as Echo).url).toBe(
      'https://voice.example.com//attacker.example/a',
    );
  });

  it('reads Host, never X-Forwarded-Host, on a request that is not from Express', async () => {
    const url = await serveEcho();
    const echo = (await (
      await fetch(`${url}/x`, { headers: { 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'https' } })
    ).json()) as Echo;
    expect(echo.url).toBe(`${url}/x`);
  });

  it('refuses a Host header that is not a host', async () => {
    server = await listen((req, res) => {
      res.end(messageOf(() => toRequest(req)));
    });
    const response = await sendRaw(server.url, { path: '/x', headers: { host: 'attacker.example/evil?' } });
    expect(response.body.toString()).toMatch(/not a valid host/);
  });

  it('passes the abort signal on', async () => {
    const seen = deferred<boolean>();
    const controller = new AbortController();
    server = await listen((req, res) => {
      const request = toRequest(req, { signal: controller.signal });
      controller.abort();
      seen.resolve(request.signal.aborted);
      res.end();
    });
    await fetch(server.url);
    expect(await seen.promise).toBe(true);
  });

  it('rejects a publicBaseUrl that is more than an origin', () => {
    expect(() => toPublicBaseUrlOf('https://voice.example.com/base')).toThrow(/origin only/);
    expect(() => toPublicBaseUrlOf('voice.example.com')).toThrow(/absolute URL/);
  });
});

function messageOf(run: () => unknown): string {
  try {
    run();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

function toPublicBaseUrlOf(publicBaseUrl: string) {
  return toRequest({ method: 'GET', url: '/', headers: {} } as IncomingMessage, { publicBaseUrl });
}
