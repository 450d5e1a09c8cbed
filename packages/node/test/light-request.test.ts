import { once } from 'node:events';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { errorResponse, json, readBodyBytes, textResponse } from '@nuvatra/core';
import { afterEach, describe, expect, it } from 'vitest';
import { deferred } from '../../../test-support/echo-handler.js';
import { sendRaw } from '../../../test-support/raw-request.js';
import { type NuvatraServer, serve } from '../src/index.js';

// The light Request toNodeListener hands the handler, and the light Response it writes, over real loopback.

let running: NuvatraServer | undefined;
afterEach(async () => {
  running?.server.closeAllConnections();
  await running?.close();
  running = undefined;
});

/** Serves `inspect`, which answers with whatever it found out about the request (as JSON). */
async function seen(inspect: (request: Request) => Promise<unknown>, init: RequestInit = {}): Promise<unknown> {
  running = await serve(
    { handle: async (request) => json(await inspect(request)) },
    { port: 0, hostname: '127.0.0.1' },
  );
  return (await fetch(`${running.url}/hook?x=1`, { method: 'POST', body: 'a=1&b=2', ...init })).json();
}

describe('the light request', () => {
  it('is a Request with the method, URL and headers of the node:http request', async () => {
    const result = await seen(
      async (request) => ({
        instance: request instanceof Request,
        method: request.method,
        path: new URL(request.url).pathname,
        trace: request.headers.get('x-trace'),
      }),
      { headers: { 'x-trace': 'abc' } },
    );
    expect(result).toEqual({ instance: true, method: 'POST', path: '/hook', trace: 'abc' });
  });

  it('hands its body to readBodyBytes once; afterwards it is used, as a read Request is', async () => {
    const result = await seen(async (request) => {
      const text = new TextDecoder().decode(await readBodyBytes(request, 100));
      const again = await readBodyBytes(request, 100).catch((error: Error) => error.constructor.name);
      const viaReal = await request.text().catch((error: Error) => error.constructor.name);
      return { text, again, bodyUsed: request.bodyUsed, viaReal };
    });
    expect(result).toEqual({ text: 'a=1&b=2', again: 'TypeError', bodyUsed: true, viaReal: 'TypeError' });
  });

  it('becomes a real Request for any other member, which then serves readBodyBytes too', async () => {
    const result = await seen(async (request) => {
      const cache = request.cache;
      const copy = await request.clone().text();
      return { cache, copy, bytes: new TextDecoder().decode(await readBodyBytes(request, 100)) };
    });
    expect(result).toEqual({ cache: 'default', copy: 'a=1&b=2', bytes: 'a=1&b=2' });
  });

  it('keeps header changes made before and after it became real', async () => {
    const result = await seen(async (request) => {
      request.headers.set('x-before', '1');
      expect(request.cache).toBe('default');
      request.headers.set('x-after', '2');
      const copy = new Request(request);
      return { before: copy.headers.get('x-before'), after: copy.headers.get('x-after') };
    });
    expect(result).toEqual({ before: '1', after: '2' });
  });

  it('can be passed to new Request(request) and new Request(url, request)', async () => {
    const result = await seen(async (request) => {
      const copy = new Request(request.url.replace('127.0.0.1', 'localhost'), {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        duplex: 'half',
      } as RequestInit);
      return { method: copy.method, text: await copy.text(), original: request.bodyUsed };
    });
    expect(result).toEqual({ method: 'POST', text: 'a=1&b=2', original: true });
    const whole = await seen(async (request) => {
      const copy = new Request(request);
      return { url: copy.url === request.url, method: copy.method, text: await copy.text() };
    });
    expect(whole).toEqual({ url: true, method: 'POST', text: 'a=1&b=2' });
  });

  it('has no body for GET', async () => {
    const result = await seen(
      async (request) => ({ body: request.body, bytes: (await readBodyBytes(request, 10)).byteLength }),
      { method: 'GET', body: null },
    );
    expect(result).toEqual({ body: null, bytes: 0 });
  });

  it('answers 413 with Connection: close for a body past the limit, without reading it all', async () => {
    running = await serve(
      { handle: (request) => readBodyBytes(request, 1024).then(() => textResponse('read'), errorResponse) },
      { port: 0, hostname: '127.0.0.1' },
    );
    const { hostname, port } = new URL(running.url);
    const outgoing = httpRequest({
      hostname,
      port,
      method: 'POST',
      path: '/upload',
      headers: { 'transfer-encoding': 'chunked' },
    });
    outgoing.on('error', () => undefined); // the server may cut the rest of the upload
    // More than four times the limit, and the upload never ends: the answer must not wait for it.
    outgoing.write(Buffer.alloc(8 * 1024));
    const [incoming] = (await once(outgoing, 'response')) as [IncomingMessage];
    incoming.resume();
    expect(incoming.statusCode).toBe(413);
    expect(incoming.headers.connection).toBe('close');
    outgoing.destroy();
  });

  it('answers 413 for a body just past the limit once it ended', async () => {
    running = await serve(
      { handle: (request) => readBodyBytes(request, 1024).then(() => textResponse('read'), errorResponse) },
      { port: 0, hostname: '127.0.0.1' },
    );
    const posted = await sendRaw(running.url, {
      method: 'POST',
      path: '/upload',
      headers: { 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(1500),
    });
    expect(posted.status).toBe(413);
  });

  it('aborts a signal first asked for after the client went away', async () => {
    const gone = deferred();
    const result = deferred<boolean>();
    running = await serve(
      {
        handle: async (request) => {
          await gone.promise;
          result.resolve(request.signal.aborted);
          return textResponse('too late');
        },
      },
      { port: 0, hostname: '127.0.0.1' },
    );
    const socketClosed = deferred();
    running.server.once('connection', (socket) => socket.once('close', () => socketClosed.resolve()));
    const { hostname, port } = new URL(running.url);
    const outgoing = httpRequest({ hostname, port, path: '/slow' });
    outgoing.on('error', () => undefined);
    outgoing.end();
    await once(running.server, 'request');
    outgoing.destroy();
    await socketClosed.promise;
    await new Promise((resolve) => setImmediate(resolve));
    gone.resolve();
    expect(await result.promise).toBe(true);
  });
});

describe('the light response', () => {
  it('is written in one go with each Set-Cookie on its own line', async () => {
    running = await serve(
      {
        handle: async () => {
          const response = textResponse('<Response/>', { headers: { 'content-type': 'text/xml' } });
          response.headers.append('set-cookie', 'a=1');
          response.headers.append('set-cookie', 'b=2');
          return response;
        },
      },
      { port: 0, hostname: '127.0.0.1' },
    );
    const answer = await sendRaw(running.url, { path: '/twiml' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/xml');
    expect(answer.headers['content-length']).toBe('11');
    expect(answer.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(answer.body.toString()).toBe('<Response/>');
  });

  it('sends no body for HEAD', async () => {
    running = await serve({ handle: async () => json({ a: 1 }) }, { port: 0, hostname: '127.0.0.1' });
    const answer = await sendRaw(running.url, { method: 'HEAD', path: '/x' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.body.byteLength).toBe(0);
  });
});
