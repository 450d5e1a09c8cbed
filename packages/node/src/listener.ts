import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { type FetchHandler, json, toPublicBaseUrl, withOrigin } from '@nuvatra/core';

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
  const listener = getRequestListener(
    async (request) => {
      try {
        return await handler.handle(origin === undefined ? request : withOrigin(request, origin));
      } catch (error) {
        onError(error);
        // The client never sees what was thrown: it may carry secrets.
        return json({ error: { code: 'INTERNAL', message: 'An unexpected error occurred.' } }, { status: 500 });
      }
    },
    // A binding must not replace the process's global Request and Response.
    { overrideGlobalObjects: false },
  );
  return (req, res) => {
    // The adapter answers its own failures (400 for a malformed request, 500 otherwise); it never rejects.
    void listener(req, res);
  };
}
