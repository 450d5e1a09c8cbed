import { describe, expect, it } from 'vitest';
import { createTestApp } from './app.js';

describe('GET /api/openapi.json', () => {
  it('describes every registered route, with its parameters, body and auth', async () => {
    const app = await createTestApp();
    const response = await app.request('GET', '/api/openapi.json', { as: null });
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { parameters: Array<{ name: string }>; requestBody?: unknown; 'x-nuvatra-auth': string }>
      >;
    };
    expect(document.openapi).toBe('3.1.0');
    for (const route of app.nuvatra.routes) {
      const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation?.['x-nuvatra-auth']).toBe(route.auth);
      if (route.body) expect(operation?.requestBody, `${route.method} ${route.path} body`).toBeDefined();
      for (const name of route.path.match(/:([A-Za-z0-9_]+)/g) ?? []) {
        expect(operation?.parameters.map((p) => p.name)).toContain(name.slice(1));
      }
    }
    expect(document.paths['/api/calls']?.get?.parameters.map((p) => p.name)).toEqual([
      'limit',
      'cursor',
      'from',
      'to',
      'outcome',
      'status',
    ]);
  });
});
