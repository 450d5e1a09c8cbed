import { describe, expect, it } from 'vitest';
import type { AnyRoute, HttpMethod } from './route.js';
import { createRouter } from './router.js';

function route(method: HttpMethod, path: string): AnyRoute {
  return { method, path, auth: 'public', summary: `${method} ${path}`, handle: () => null };
}

function matched(result: ReturnType<ReturnType<typeof createRouter>['match']>) {
  if (result.outcome !== 'matched') throw new Error(`expected a match, got ${result.outcome}`);
  return { path: result.route.path, method: result.route.method, params: result.params };
}

describe('createRouter', () => {
  it('matches a static route exactly and answers not-found for an unknown path', () => {
    const router = createRouter([route('GET', '/api/calls')]);
    expect(matched(router.match('GET', '/api/calls'))).toEqual({ path: '/api/calls', method: 'GET', params: {} });
    expect(router.match('GET', '/api/call')).toEqual({ outcome: 'not-found' });
    expect(router.match('GET', '/api/calls/1')).toEqual({ outcome: 'not-found' });
  });

  it('prefers a static route over a parametric one whichever was registered first', () => {
    const parametricFirst = createRouter([route('GET', '/api/calls/:id'), route('GET', '/api/calls/stats')]);
    const staticFirst = createRouter([route('GET', '/api/calls/stats'), route('GET', '/api/calls/:id')]);
    for (const router of [parametricFirst, staticFirst]) {
      expect(matched(router.match('GET', '/api/calls/stats')).path).toBe('/api/calls/stats');
      expect(matched(router.match('GET', '/api/calls/call_1'))).toEqual({
        path: '/api/calls/:id',
        method: 'GET',
        params: { id: 'call_1' },
      });
    }
  });

  it('prefers the route with fewer parameters', () => {
    const router = createRouter([route('GET', '/api/:kind/:id'), route('GET', '/api/calls/:id')]);
    expect(matched(router.match('GET', '/api/calls/7'))).toMatchObject({ path: '/api/calls/:id', params: { id: '7' } });
    expect(matched(router.match('GET', '/api/intents/7'))).toMatchObject({ params: { kind: 'intents', id: '7' } });
  });

  it('decodes percent-encoded parameters, including an encoded slash, without splitting on it', () => {
    const router = createRouter([route('GET', '/api/intents/:name')]);
    expect(matched(router.match('GET', '/api/intents/book%20appointment')).params).toEqual({
      name: 'book appointment',
    });
    expect(matched(router.match('GET', '/api/intents/a%2Fb')).params).toEqual({ name: 'a/b' });
    expect(matched(router.match('GET', '/api/intents/caf%C3%A9')).params).toEqual({ name: 'café' });
  });

  it('answers not-found for a parameter whose percent-encoding is malformed', () => {
    const router = createRouter([route('GET', '/api/calls/:id')]);
    expect(router.match('GET', '/api/calls/%E0%A4%A')).toEqual({ outcome: 'not-found' });
    expect(router.match('GET', '/api/calls/%zz')).toEqual({ outcome: 'not-found' });
    expect(router.match('GET', '/api/calls/%C3')).toEqual({ outcome: 'not-found' });
  });

  it('does not decode static segments, so an encoded spelling of a static path is unknown', () => {
    const router = createRouter([route('GET', '/api/calls')]);
    expect(router.match('GET', '/api/%63alls')).toEqual({ outcome: 'not-found' });
  });

  it('answers method-not-allowed listing each method the path answers once', () => {
    const router = createRouter([
      route('GET', '/api/calls/stats'),
      route('GET', '/api/calls/:id'),
      route('PATCH', '/api/calls/:id'),
      route('DELETE', '/api/intents/:id'),
    ]);
    const result = router.match('DELETE', '/api/calls/stats');
    expect(result.outcome).toBe('method-not-allowed');
    if (result.outcome !== 'method-not-allowed') return;
    expect([...result.allowed].sort()).toEqual(['GET', 'PATCH']);
  });

  it('answers a HEAD request with the GET route and refuses HEAD where there is no GET', () => {
    const router = createRouter([route('GET', '/api/calls'), route('POST', '/api/intents')]);
    expect(matched(router.match('HEAD', '/api/calls'))).toMatchObject({ path: '/api/calls', method: 'GET' });
    expect(router.match('HEAD', '/api/intents')).toEqual({ outcome: 'method-not-allowed', allowed: ['POST'] });
  });

  it('refuses two routes with the same method and shape as CONFIG_INVALID naming the route', () => {
    const create = () => createRouter([route('GET', '/api/calls/:id'), route('GET', '/api/calls/:callId')]);
    expect(create).toThrow(expect.objectContaining({ name: 'NuvatraError', code: 'CONFIG_INVALID' }));
    expect(create).toThrow(/GET \/api\/calls\/:callId/);
  });

  it('treats a route written with a trailing slash as the same route', () => {
    expect(() => createRouter([route('POST', '/api/intents'), route('POST', '/api/intents/')])).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });

  it('accepts the same path under different methods', () => {
    const router = createRouter([route('GET', '/api/intents'), route('POST', '/api/intents')]);
    expect(matched(router.match('POST', '/api/intents')).method).toBe('POST');
  });

  it('ignores trailing slashes and empty segments in the request path', () => {
    const router = createRouter([route('GET', '/api/calls'), route('GET', '/api/calls/:id')]);
    expect(matched(router.match('GET', '/api/calls/')).path).toBe('/api/calls');
    expect(matched(router.match('GET', '//api//calls')).path).toBe('/api/calls');
    expect(matched(router.match('GET', '/api/calls/call_1/')).params).toEqual({ id: 'call_1' });
  });

  it('never matches a parameter with an empty segment', () => {
    const router = createRouter([route('GET', '/api/calls/:id/transcript')]);
    expect(router.match('GET', '/api/calls//transcript')).toEqual({ outcome: 'not-found' });
  });

  it('answers not-found from an empty router', () => {
    expect(createRouter([]).match('GET', '/')).toEqual({ outcome: 'not-found' });
  });
});
