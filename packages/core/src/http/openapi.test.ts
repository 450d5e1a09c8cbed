import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createOpenApiDocument } from './openapi.js';
import type { AnyRoute, RouteAuth } from './route.js';

function route(overrides: Partial<AnyRoute>): AnyRoute {
  return { method: 'GET', path: '/api/things', auth: 'public', summary: 'Things', handle: () => null, ...overrides };
}

type Operation = {
  summary: string;
  tags: string[];
  security: unknown[];
  'x-nuvatra-auth': RouteAuth;
  parameters: Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown> }>;
  requestBody?: { required: boolean; content: { 'application/json': { schema: Record<string, unknown> } } };
  responses: Record<string, { description: string; content?: { 'application/json': { schema: unknown } } }>;
};

function operation(document: ReturnType<typeof createOpenApiDocument>, path: string, method: string): Operation {
  const found = document.paths[path]?.[method];
  if (!found) throw new Error(`no ${method} ${path} in ${Object.keys(document.paths).join(', ')}`);
  return found as Operation;
}

describe('createOpenApiDocument', () => {
  it('describes an OpenAPI 3.1 document with bearer and API key security schemes', () => {
    const document = createOpenApiDocument([]);
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths).toEqual({});
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
    });
  });

  it('writes :param segments as {param} and documents each as a required path parameter', () => {
    const document = createOpenApiDocument([
      route({
        path: '/api/tenants/:tenantId/calls/:id',
        params: z.object({ tenantId: z.string(), id: z.string().startsWith('call_') }),
      }),
    ]);
    expect(Object.keys(document.paths)).toEqual(['/api/tenants/{tenantId}/calls/{id}']);
    const { parameters } = operation(document, '/api/tenants/{tenantId}/calls/{id}', 'get');
    expect(parameters).toEqual([
      { name: 'tenantId', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'id', in: 'path', required: true, schema: expect.objectContaining({ type: 'string' }) },
    ]);
  });

  it('declares a path parameter of a route without a params schema as a string', () => {
    const document = createOpenApiDocument([route({ auth: 'provider', path: '/webhooks/:provider/:tenant' })]);
    expect(operation(document, '/webhooks/{provider}/{tenant}', 'get').parameters).toEqual([
      { name: 'provider', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'tenant', in: 'path', required: true, schema: { type: 'string' } },
    ]);
  });

  it('documents query parameters from the zod schema, required only when the input must carry them', () => {
    const query = z.object({
      q: z.string(),
      limit: z.coerce.number().int().max(200).default(50),
      cursor: z.string().optional(),
    });
    const { parameters } = operation(createOpenApiDocument([route({ query })]), '/api/things', 'get');
    expect(parameters.map(({ name, in: location, required }) => ({ name, location, required }))).toEqual([
      { name: 'q', location: 'query', required: true },
      { name: 'limit', location: 'query', required: false },
      { name: 'cursor', location: 'query', required: false },
    ]);
    expect(parameters[1]?.schema).toMatchObject({ type: 'integer', maximum: 200, default: 50 });
  });

  it('documents the request body with the schema the client sends, defaults optional', () => {
    const body = z.object({
      name: z.string().min(1),
      keywords: z.array(z.string()).default([]),
      slug: z.string().transform((value) => value.toLowerCase()),
    });
    const { requestBody } = operation(
      createOpenApiDocument([route({ method: 'POST', auth: 'user', body })]),
      '/api/things',
      'post',
    );
    expect(requestBody?.required).toBe(true);
    const schema = requestBody?.content['application/json'].schema;
    expect(schema).toMatchObject({
      type: 'object',
      properties: { name: { type: 'string', minLength: 1 }, keywords: { type: 'array' }, slug: { type: 'string' } },
    });
    expect(schema?.required).toEqual(['name', 'slug']);
    expect(schema).not.toHaveProperty('$schema');
  });

  it('leaves out the request body of a route without a body schema', () => {
    expect(operation(createOpenApiDocument([route({})]), '/api/things', 'get')).not.toHaveProperty('requestBody');
  });

  it('answers 200 OK by default and a default error response on every operation', () => {
    const { responses } = operation(createOpenApiDocument([route({})]), '/api/things', 'get');
    expect(Object.keys(responses).sort()).toEqual(['200', 'default']);
    expect(responses['200']).toEqual({ description: 'OK' });
    expect(responses.default?.content?.['application/json'].schema).toMatchObject({
      type: 'object',
      required: ['error'],
      properties: { error: { required: ['code', 'message'] } },
    });
  });

  it('documents declared responses with their output schemas', () => {
    const responses = {
      201: { description: 'Created', schema: z.object({ id: z.string(), at: z.string().default('now') }) },
      204: { description: 'Nothing to say' },
    };
    const document = createOpenApiDocument([route({ method: 'POST', responses })]);
    const documented = operation(document, '/api/things', 'post').responses;
    expect(Object.keys(documented).sort()).toEqual(['201', '204', 'default']);
    expect(documented['201']?.content?.['application/json'].schema).toMatchObject({ required: ['id', 'at'] });
    expect(documented['204']).toEqual({ description: 'Nothing to say' });
  });

  it.each([
    ['user', [{ bearer: [] }, { apiKey: [] }]],
    ['signed-in', [{ bearer: [] }, { apiKey: [] }]],
    ['admin', [{ bearer: [] }, { apiKey: [] }]],
    ['provider', []],
    ['public', []],
  ] as const)('gives %s routes the security %j and names the auth kind', (auth, security) => {
    const found = operation(createOpenApiDocument([route({ auth })]), '/api/things', 'get');
    expect(found.security).toEqual(security);
    expect(found['x-nuvatra-auth']).toBe(auth);
  });

  it('puts several methods of one path under that path, with their summaries and tags', () => {
    const document = createOpenApiDocument([
      route({ path: '/api/intents/:id', summary: 'Read', tags: ['intents'] }),
      route({ method: 'DELETE', path: '/api/intents/:id', summary: 'Delete' }),
    ]);
    expect(Object.keys(document.paths['/api/intents/{id}'] ?? {})).toEqual(['get', 'delete']);
    expect(operation(document, '/api/intents/{id}', 'get')).toMatchObject({ summary: 'Read', tags: ['intents'] });
    expect(operation(document, '/api/intents/{id}', 'delete')).toMatchObject({ summary: 'Delete', tags: [] });
  });
});
