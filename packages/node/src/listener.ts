import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { type FetchHandler, json, toPublicBaseUrl } from '@nuvatra/core';

export interface NodeListenerOptions {
  /**
   * The origin the public (and every webhook provider) reaches the server at, e.g. process.env.PUBLIC_BASE_URL.
   * Without it the URL's origin is built from the client-controlled Host header (X-Forwarded-* are never read).
   */
  publicBaseUrl?: string | URL;
  /** Called with whatever the handler threw (the client gets a generic 500). Default: console.error. */
  onError?: (error: unknown) => void;
}

type RequestInitWithDuplex = RequestInit & { duplex?: 'half' };

/** A `node:http` request listener that answers with `handler.handle(request)`. */
export function toNodeListener(
  handler: FetchHandler,
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  if (typeof handler?.handle !== 'function') {
    throw new TypeError(
      'toNodeListener(handler): handler must have a handle(request) method, like the object createNuvatra() returns.',
    );
  }
  const origin = options.publicBaseUrl === undefined ? undefined : toPublicBaseUrl(options.publicBaseUrl).origin;
  const onError =
    options.onError ??
    ((error: unknown) => console.error('[nuvatra] the handler threw; answered 500 INTERNAL.', error));

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let request: Request;
    try {
      request = toRequest(req, res, origin);
    } catch {
      // A Host header or request target no URL can be made of.
      await writeResponse(req, res, new Response(null, { status: 400 }));
      return;
    }
    let response: Response;
    try {
      response = await handler.handle(request);
    } catch (error) {
      onError(error);
      // The client never sees what was thrown: it may carry secrets.
      response = json({ error: { code: 'INTERNAL', message: 'An unexpected error occurred.' } }, { status: 500 });
    }
    await writeResponse(req, res, response);
  }

  return (req, res) => {
    answer(req, res).catch((error: unknown) => {
      // Writing failed (the socket broke mid-answer): nothing can be told to the client any more.
      onError(error);
      if (!res.headersSent) res.statusCode = 500;
      res.destroy();
    });
  };
}

/**
 * The Fetch Request for a node:http request, built once: the public origin (or Host) and the path of the request
 * target, every header, the body streamed as it arrives, and a signal that aborts when the client goes away.
 */
function toRequest(req: IncomingMessage, res: ServerResponse, origin: string | undefined): Request {
  const base =
    origin ?? `${(req.socket as TLSSocket).encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const method = req.method ?? 'GET';
  const init: RequestInitWithDuplex = { method, headers: headersOf(req), signal: controller.signal };
  if (method !== 'GET' && method !== 'HEAD' && hasBody(req)) {
    init.body = bodyOf(req);
    init.duplex = 'half';
  }
  return new Request(`${base}${pathOf(req.url ?? '/')}`, init);
}

/** The path and query of the request target; an absolute-form target (`GET http://host/x`) gives only its path. */
function pathOf(target: string): string {
  if (target.startsWith('/')) return target;
  if (target === '*') return '/';
  const url = new URL(target);
  return `${url.pathname}${url.search}`;
}

function headersOf(req: IncomingMessage): [string, string][] {
  const raw = req.rawHeaders;
  const pairs: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    // HTTP/2 pseudo-headers are not headers.
    if (name.charCodeAt(0) !== 58) pairs.push([name, raw[i + 1] as string]);
  }
  return pairs;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * The body as a byte stream fed by the request's own events, read only once the handler reads, and paused while
 * the reader is behind. Cancelled (the handler refused it part-way, e.g. too large), the rest is discarded.
 */
function bodyOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let listening = false;
  let ended = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (listening) {
          req.resume();
          return;
        }
        listening = true;
        const finish = (error?: Error) => {
          if (ended) return;
          ended = true;
          if (error) controller.error(error);
          else controller.close();
        };
        req.on('data', (chunk: Buffer) => {
          if (ended) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => finish());
        req.once('error', (error) => finish(error));
        req.once('close', () => {
          if (!req.complete) finish(new Error('The client closed the request before its body ended.'));
        });
      },
      cancel() {
        ended = true;
        req.removeAllListeners('data');
        req.resume();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Writes a Fetch Response: status, every header (each Set-Cookie on its own line), and the body chunk by chunk
 * with backpressure. A client that goes away mid-body cancels the body.
 */
async function writeResponse(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  // Answered before the request's body arrived (a 413 on Content-Length, a refusal before reading): the rest of the
  // body is still on the socket, so say the connection ends rather than let the client reuse it and be cut off.
  if (!req.complete) res.setHeader('connection', 'close');
  const body = response.body;
  if (body === null || req.method === 'HEAD') {
    await body?.cancel();
    res.end();
    return;
  }
  const reader = body.getReader();
  let gone = false;
  const onClose = () => {
    gone = true;
    reader.cancel().catch(() => undefined);
  };
  res.once('close', onClose);
  // One chunk behind the reader: a body of one chunk (most answers) goes out in a single write with its length.
  let pending: Uint8Array | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || gone) break;
      const chunk = pending;
      pending = value;
      if (chunk && !res.write(chunk)) {
        await new Promise<void>((resolve) => {
          const resume = () => {
            res.off('drain', resume);
            res.off('close', resume);
            resolve();
          };
          res.on('drain', resume);
          res.on('close', resume);
        });
      }
    }
  } catch (error) {
    // The body failed mid-way: the status line is gone, so the connection is cut rather than the answer faked.
    if (!gone) {
      res.destroy(error as Error);
      return;
    }
  } finally {
    res.off('close', onClose);
  }
  if (gone) return;
  if (pending) res.end(pending);
  else res.end();
}
