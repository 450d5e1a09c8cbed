// The public origin a runtime binding serves on, for bindings that cannot trust the Host header to name it.

/**
 * Parses a binding's `publicBaseUrl` option once, when the binding is created: only an origin is accepted, because
 * the request path always comes from the request itself.
 */
export function toPublicBaseUrl(value: string | URL): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`publicBaseUrl must be an absolute URL such as "https://voice.example.com"; got "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`publicBaseUrl must use http: or https:; got "${url.protocol}" in "${value}".`);
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new TypeError(
      `publicBaseUrl must be an origin only (scheme, host, port), such as "${url.origin}"; ` +
        `"${value}" has a path, query, fragment or credentials.`,
    );
  }
  return url;
}

/** The same request at `origin`: path, query, method, headers, body stream and abort signal unchanged. */
export function withOrigin(request: Request, origin: string): Request {
  const url = new URL(request.url);
  if (url.origin === origin) return request;
  const init: RequestInit & { duplex: 'half' } = {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    duplex: 'half',
  };
  // Concatenation keeps a path such as "//other.example/x" a path.
  return new Request(`${origin}${url.pathname}${url.search}`, init);
}
