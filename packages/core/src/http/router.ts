import { NuvatraError } from '../errors/errors.js';
import type { AnyRoute, HttpMethod } from './route.js';

interface CompiledRoute {
  route: AnyRoute;
  segments: string[];
}

export type RouteMatch =
  | { outcome: 'matched'; route: AnyRoute; params: Record<string, string> }
  | { outcome: 'method-not-allowed'; allowed: HttpMethod[] }
  | { outcome: 'not-found' };

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of pattern.entries()) {
    const value = actual[index] as string;
    if (segment.startsWith(':')) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(value);
      } catch {
        return null;
      }
      params[segment.slice(1)] = decoded;
    } else if (segment !== value) return null;
  }
  return params;
}

/**
 * A small router: exact segments and `:param` segments, static routes before parametric ones. The route table is
 * a few dozen entries, so a linear scan is cheaper than building a tree.
 */
export function createRouter(routes: readonly AnyRoute[]) {
  const compiled: CompiledRoute[] = routes.map((route) => ({ route, segments: split(route.path) }));
  const seen = new Set<string>();
  for (const { route, segments } of compiled) {
    const key = `${route.method} /${segments.map((s) => (s.startsWith(':') ? ':' : s)).join('/')}`;
    if (seen.has(key)) {
      throw new NuvatraError({
        code: 'CONFIG_INVALID',
        message: `Two routes answer ${route.method} ${route.path}; a plugin repeats a route.`,
      });
    }
    seen.add(key);
  }
  const parametric = (c: CompiledRoute) => c.segments.filter((s) => s.startsWith(':')).length;
  compiled.sort((a, b) => parametric(a) - parametric(b));

  return {
    match(method: string, pathname: string): RouteMatch {
      const actual = split(pathname);
      const allowed: HttpMethod[] = [];
      for (const { route, segments } of compiled) {
        const params = matchSegments(segments, actual);
        if (!params) continue;
        if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
          return { outcome: 'matched', route, params };
        }
        // A static and a parametric route may both fit the path under the same method; list it once.
        if (!allowed.includes(route.method)) allowed.push(route.method);
      }
      return allowed.length > 0 ? { outcome: 'method-not-allowed', allowed } : { outcome: 'not-found' };
    },
  };
}
