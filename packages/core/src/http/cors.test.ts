import { describe, expect, it } from 'vitest';
import { createCors } from './cors.js';

const dashboard = 'https://dashboard.example.com';
const url = 'https://api.example.com/api/calls';

function preflightRequest(origin: string, method = 'POST') {
  return new Request(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method } });
}

describe('createCors', () => {
  const cors = createCors([dashboard]);

  it('echoes an allowed origin with credentials and Vary: Origin', () => {
    const response = cors.apply(new Request(url, { headers: { origin: dashboard } }), new Response('ok'));
    expect(response.headers.get('access-control-allow-origin')).toBe(dashboard);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')).toBe('x-request-id');
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('gives any other origin no CORS headers but still varies on Origin, so caches keep the answers apart', () => {
    for (const origin of ['https://evil.example.com', 'https://dashboard.example.com.evil.com', 'null']) {
      const response = cors.apply(new Request(url, { headers: { origin } }), new Response('ok'));
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      expect(response.headers.get('vary')).toBe('Origin');
    }
  });

  it('never answers with a wildcard, even for a request without an Origin', () => {
    const response = cors.apply(new Request(url), new Response('ok'));
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps the status, body and headers of the response it adds to, and appends to an existing Vary', async () => {
    const original = new Response('created', {
      status: 201,
      statusText: 'Created',
      headers: { 'content-type': 'text/plain', vary: 'Accept-Encoding' },
    });
    const response = cors.apply(new Request(url, { headers: { origin: dashboard } }), original);
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Created');
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.get('vary')).toBe('Accept-Encoding, Origin');
    expect(await response.text()).toBe('created');
  });

  it('adds headers to a response whose headers are immutable, as a fetched or redirect response has', () => {
    const redirect = Response.redirect('https://example.com/next', 302);
    expect(() => redirect.headers.set('x-probe', '1')).toThrow(TypeError);
    const response = cors.apply(new Request(url, { headers: { origin: dashboard } }), redirect);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://example.com/next');
    expect(response.headers.get('access-control-allow-origin')).toBe(dashboard);
    // The copy can take further headers, such as the request id added after CORS.
    response.headers.set('x-request-id', 'req_1');
    expect(response.headers.get('x-request-id')).toBe('req_1');
  });

  it('answers a preflight from an allowed origin with 204, the methods, the headers and a max age', () => {
    const response = cors.preflight(preflightRequest(dashboard, 'PATCH'));
    expect(response?.status).toBe(204);
    expect(response?.headers.get('access-control-allow-origin')).toBe(dashboard);
    expect(response?.headers.get('access-control-allow-methods')).toBe('GET, POST, PUT, PATCH, DELETE');
    expect(response?.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, x-tenant-id, x-api-key',
    );
    expect(response?.headers.get('access-control-max-age')).toBe('600');
    expect(response?.headers.get('vary')).toBe('Origin');
  });

  it('answers a preflight from another origin with 204 and nothing the browser could take as permission', () => {
    const response = cors.preflight(preflightRequest('https://evil.example.com'));
    expect(response?.status).toBe(204);
    expect(response?.headers.get('access-control-allow-origin')).toBeNull();
    expect(response?.headers.get('access-control-allow-methods')).toBeNull();
    expect(response?.headers.get('access-control-allow-headers')).toBeNull();
  });

  it('leaves an OPTIONS request that is not a preflight, and any other method, to the router', () => {
    expect(cors.preflight(new Request(url, { method: 'OPTIONS', headers: { origin: dashboard } }))).toBeNull();
    const get = new Request(url, { headers: { origin: dashboard, 'access-control-request-method': 'GET' } });
    expect(cors.preflight(get)).toBeNull();
  });

  it('matches a configured origin written with a trailing slash', () => {
    const withSlash = createCors([`${dashboard}/`]);
    const response = withSlash.apply(new Request(url, { headers: { origin: dashboard } }), new Response(null));
    expect(response.headers.get('access-control-allow-origin')).toBe(dashboard);
    expect(withSlash.preflight(preflightRequest(dashboard))?.headers.get('access-control-allow-origin')).toBe(
      dashboard,
    );
  });

  it('allows each of several configured origins and none when none are configured', () => {
    const several = createCors([dashboard, 'http://localhost:5173']);
    const local = several.apply(new Request(url, { headers: { origin: 'http://localhost:5173' } }), new Response());
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const none = createCors([]).apply(new Request(url, { headers: { origin: dashboard } }), new Response());
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });
});
