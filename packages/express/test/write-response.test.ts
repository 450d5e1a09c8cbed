import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { deferred } from '../../../test-support/echo-handler.js';
import { writeResponse } from '../src/index.js';
import { type Loopback, listen } from './loopback.js';

// writeResponse alone, on a plain node:http server.

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serveResponse(makeResponse: () => Response, written?: (done: Promise<void>) => void) {
  server = await listen((_req, res) => {
    const done = writeResponse(res, makeResponse());
    written?.(done);
  });
  return server.url;
}

/** A body of `chunks` chunks of `size` bytes each, produced only as fast as it is read. */
function generatedBody(chunks: number, size: number, cancelled?: () => void): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === chunks) return controller.close();
      controller.enqueue(new Uint8Array(size).fill(sent % 251));
      sent += 1;
    },
    cancel: () => cancelled?.(),
  });
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('writeResponse', () => {
  it('writes the status, the headers and every Set-Cookie on its own', async () => {
    const url = await serveResponse(() => {
      const headers = new Headers({ 'content-type': 'text/plain', 'x-request-id': 'r1' });
      headers.append('set-cookie', 'a=1; Path=/; HttpOnly');
      headers.append('set-cookie', 'b=2; Path=/; Secure');
      return new Response('created', { status: 201, statusText: 'Made It', headers });
    });
    const response = await fetch(url);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made It');
    expect(response.headers.get('x-request-id')).toBe('r1');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/; Secure']);
    expect(await response.text()).toBe('created');
  });

  it('writes binary bytes unchanged', async () => {
    const bytes = Uint8Array.from([0x00, 0xff, 0xfe, 0x80, 0xc3, 0x28]);
    const url = await serveResponse(() => new Response(bytes));
    expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(bytes);
  });

  it('streams a large body in full', async () => {
    const url = await serveResponse(() => new Response(generatedBody(128, 64 * 1024)));
    const expected = new Uint8Array(128 * 64 * 1024);
    for (let i = 0; i < 128; i += 1) expected.fill(i % 251, i * 64 * 1024, (i + 1) * 64 * 1024);
    const body = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(body.byteLength).toBe(expected.byteLength);
    expect(sha256(body)).toBe(sha256(expected));
  });

  it('answers HEAD with the headers only and cancels the body', async () => {
    const cancelled = deferred();
    const url = await serveResponse(
      () => new Response(generatedBody(1, 10, cancelled.resolve), { headers: { 'content-length': '10' } }),
    );
    const response = await fetch(url, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('10');
    expect(await response.text()).toBe('');
    await cancelled.promise;
  });

  it('ends a response without a body', async () => {
    const url = await serveResponse(() => new Response(null, { status: 204 }));
    const response = await fetch(url);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('keeps headers set earlier on the response unless the Response replaces them', async () => {
    server = await listen((_req, res) => {
      res.setHeader('access-control-allow-origin', 'https://app.example.com');
      res.setHeader('x-request-id', 'from-express');
      void writeResponse(res, new Response('ok', { headers: { 'x-request-id': 'from-handler' } }));
    });
    const response = await fetch(server.url);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('x-request-id')).toBe('from-handler');
  });

  it('stops reading the body and resolves when the client goes away mid-stream', async () => {
    const cancelled = deferred();
    const written = deferred<Promise<void>>();
    const url = await serveResponse(
      () => new Response(generatedBody(Number.POSITIVE_INFINITY, 64 * 1024, cancelled.resolve)),
      written.resolve,
    );
    const outgoing = request(url);
    outgoing.end();
    const [incoming] = (await once(outgoing, 'response')) as [import('node:http').IncomingMessage];
    await once(incoming, 'data');
    outgoing.destroy();
    await expect(written.promise).resolves.toBeUndefined();
    await cancelled.promise;
  });
});
