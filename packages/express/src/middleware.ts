import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHttpError, errorResponse, type FetchHandler, json, toPublicBaseUrl } from '@nuvatra/core';
import { toRequest } from './to-request.js';
import { writeResponse } from './write-response.js';

export interface NuvatraExpressOptions {
  /** The origin providers call, e.g. process.env.PUBLIC_BASE_URL. Without it the URL comes from Host (see README). */
  publicBaseUrl?: string | URL;
  /** The path the handler owns, e.g. "/api": its 404s there are final. */
  prefix?: string;
  /** Hand a 404 to the next Express route. Default: true outside `prefix`, false inside it. */
  passThroughNotFound?: boolean;
  /** Called with whatever the handler threw (the client gets a generic 500). Default: console.error. */
  onError?: (error: unknown) => void;
}

type Next = (error?: unknown) => void;

/** Express middleware (Express 4 and 5) that answers requests with `handler.handle(request)`. */
export function nuvatra(
  handler: FetchHandler,
  options: NuvatraExpressOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: Next) => void {
  if (typeof handler?.handle !== 'function') {
    throw new TypeError(
      'nuvatra(handler): handler must have a handle(request) method, like the object createNuvatra() returns.',
    );
  }
  const publicBaseUrl = options.publicBaseUrl === undefined ? undefined : toPublicBaseUrl(options.publicBaseUrl);
  const owns = ownerOf(options.prefix);
  const onError =
    options.onError ??
    ((error: unknown) => console.error('[nuvatra] the handler threw; answered 500 INTERNAL.', error));

  async function answer(req: IncomingMessage, res: ServerResponse, next: Next): Promise<void> {
    let request: Request;
    try {
      request = toRequest(req, { publicBaseUrl, signal: abortOnClose(res) });
    } catch (error) {
      await writeResponse(res, errorResponse(createHttpError('VALIDATION_FAILED', (error as Error).message)));
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
    if (response.status === 404 && (options.passThroughNotFound ?? !owns(new URL(request.url).pathname))) {
      await response.body?.cancel();
      next();
      return;
    }
    await writeResponse(res, response);
  }

  // Not an async function: Express 4 ignores returned promises, so errors are routed to next() here.
  return (req, res, next) => {
    answer(req, res, next).catch(next);
  };
}

function ownerOf(prefix: string | undefined): (path: string) => boolean {
  if (prefix === undefined) return () => false;
  if (!prefix.startsWith('/')) throw new TypeError(`prefix must start with "/", e.g. "/api"; got "${prefix}".`);
  const base = prefix.replace(/\/+$/, '');
  return (path) => base === '' || path === base || path.startsWith(`${base}/`);
}

/** A signal that fires when the client disconnects before the response is finished. */
function abortOnClose(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}
