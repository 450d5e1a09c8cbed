/**
 * CORS for the browser dashboard: only the configured origins (`FRONTEND_URL`), nothing else, and no
 * wildcard. Provider webhooks are server-to-server and need none.
 */
export function createCors(origins: readonly string[]) {
  const allowed = new Set(origins.map((origin) => origin.replace(/\/$/, '')));
  const allowHeaders = 'authorization, content-type, x-tenant-id, x-api-key';
  const varyOnly: ReadonlyArray<[string, string]> = [['vary', 'Origin']];

  function headersFor(request: Request): Headers {
    const headers = new Headers({ vary: 'Origin' });
    const origin = request.headers.get('origin');
    if (origin && allowed.has(origin)) {
      headers.set('access-control-allow-origin', origin);
      headers.set('access-control-allow-credentials', 'true');
      headers.set('access-control-expose-headers', 'x-request-id');
    }
    return headers;
  }

  return {
    /** The answer to a preflight, or null when the request is not one. */
    preflight(request: Request): Response | null {
      if (request.method !== 'OPTIONS' || !request.headers.has('access-control-request-method')) return null;
      const headers = headersFor(request);
      if (headers.has('access-control-allow-origin')) {
        headers.set('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
        headers.set('access-control-allow-headers', allowHeaders);
        headers.set('access-control-max-age', '600');
      }
      return new Response(null, { status: 204, headers });
    },
    /**
     * Adds the CORS headers of `request` to `response`: in place (every request passes here, and copying the
     * response cost more than the rest of this), or on a copy when its headers are immutable (a Response a plugin
     * fetched from elsewhere).
     */
    apply(request: Request, response: Response): Response {
      // Most requests (every webhook) come from no allowed origin: they get only `Vary`, without a Headers built.
      const origin = request.headers.get('origin');
      const add: Iterable<[string, string]> = origin && allowed.has(origin) ? headersFor(request) : varyOnly;
      const addTo = (headers: Headers) => {
        for (const [name, value] of add) {
          if (name === 'vary' && headers.has('vary')) headers.append('vary', value);
          else headers.set(name, value);
        }
      };
      try {
        addTo(response.headers);
        return response;
      } catch {
        const headers = new Headers(response.headers);
        addTo(headers);
        return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
      }
    },
  };
}
