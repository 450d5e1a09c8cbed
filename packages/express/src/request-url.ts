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
