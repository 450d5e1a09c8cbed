import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { type FetchHandler, json, toPublicBaseUrl } from '@nuvatra/core';
import { createLightRequest } from './light-request.js';
import { writeNodeResponse } from './node-io.js';

export interface NodeListenerOptions {
  /**
   * The origin the public (and every webhook provider) reaches the server at, e.g. process.env.PUBLIC_BASE_URL.
   * Without it the URL's origin is built from the client-controlled Host header (X-Forwarded-* are never read).
   */
  publicBaseUrl?: string | URL;
  /** Called with whatever the handler threw (the client gets a generic 500). Default: console.error. */
  onError?: (error: unknown) => void;
}

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
      await writeNodeResponse(res, new Response(null, { status: 400 }), { onBodyError: 'destroy' });
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
    await writeNodeResponse(res, response, { onBodyError: 'destroy' });
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
 * target, every header, the body read only when asked for, and a signal that aborts when the client goes away.
 * A light request (see light-request.ts): most webhooks never need a real one.
 */
function toRequest(req: IncomingMessage, res: ServerResponse, origin: string | undefined): Request {
  const base =
    origin ?? `${(req.socket as TLSSocket).encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
  // Listened for now, the signal made only if asked for: most handlers never look at it.
  let controller: AbortController | undefined;
  let gone = false;
  res.once('close', () => {
    if (res.writableFinished) return;
    gone = true;
    controller?.abort();
  });
  const signal = () => {
    controller = new AbortController();
    if (gone) controller.abort();
    return controller.signal;
  };
  const method = req.method ?? 'GET';
  const body = method !== 'GET' && method !== 'HEAD' && hasBody(req) ? req : null;
  // `new URL` normalises as `new Request` would, and throws on a Host no URL can be made of.
  const url = new URL(`${base}${pathOf(req.url ?? '/')}`).href;
  return createLightRequest({ method, url, headers: new Headers(headersOf(req)), body, signal });
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
