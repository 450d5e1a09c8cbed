/**
 * Parses the `publicBaseUrl` option once, when the binding is created: only an origin is accepted, because the
 * request path always comes from the request itself.
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

/**
 * The path and query of a request target, never its authority: an absolute-form target (`GET http://other/x`)
 * or a protocol-relative one (`//other/x`) must not choose the host.
 */
export function pathAndQueryOf(target: string): string {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return `/${target}`;
  }
}

const validHost = /^(?:[a-z0-9._~-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The request's URL on `origin`; throws a TypeError when the host part is not a plain host[:port]. */
export function toRequestUrl(origin: string, target: string): URL {
  const host = origin.slice(origin.indexOf('//') + 2);
  if (!validHost.test(host)) throw new TypeError(`The request's host "${host}" is not a valid host[:port].`);
  // Concatenation, not `new URL(path, origin)`: a path such as "//other.example/x" must stay a path.
  return new URL(`${origin}${pathAndQueryOf(target)}`);
}
