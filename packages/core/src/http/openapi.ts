import { z } from 'zod';
import { errorBodySchema } from '../api/schemas.js';
import type { AnyRoute } from './route.js';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // `unrepresentable: 'any'`: refinements and transforms have no JSON Schema form; the shape is still described.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const pathParameterPattern = /:([A-Za-z0-9_]+)/g;

function propertiesOf(schema: z.ZodType | undefined): {
  properties: Record<string, JsonSchema>;
  required: string[];
} {
  if (!schema) return { properties: {}, required: [] };
  const json = toSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return { properties: json.properties ?? {}, required: json.required ?? [] };
}

// From the path itself: OpenAPI requires every `{name}` in a path to be declared, schema or not.
function pathParametersOf(path: string, schema: z.ZodType | undefined) {
  const { properties } = propertiesOf(schema);
  return [...path.matchAll(pathParameterPattern)].map(([, name = '']) => ({
    name,
    in: 'path' as const,
    required: true,
    schema: properties[name] ?? { type: 'string' },
  }));
}

function queryParametersOf(schema: z.ZodType | undefined) {
  const { properties, required } = propertiesOf(schema);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: 'query' as const,
    required: required.includes(name),
    schema: property,
  }));
}

const security = {
  user: [{ bearer: [] }, { apiKey: [] }],
  'signed-in': [{ bearer: [] }, { apiKey: [] }],
  admin: [{ bearer: [] }, { apiKey: [] }],
  provider: [],
  public: [],
} as const;

/** OpenAPI 3.1 for every registered route, generated from the same zod schemas that parse the requests. */
export function createOpenApiDocument(routes: readonly AnyRoute[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(pathParameterPattern, '{$1}');
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses ?? { 200: { description: 'OK' } })) {
      responses[status] = {
        description: spec.description,
        ...(spec.schema ? { content: { 'application/json': { schema: toSchema(spec.schema, 'output') } } } : {}),
      };
    }
    responses.default = {
      description: 'An error: `{ "error": { "code", "message" } }`',
      content: { 'application/json': { schema: toSchema(errorBodySchema, 'output') } },
    };
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      tags: route.tags ?? [],
      security: security[route.auth],
      'x-nuvatra-auth': route.auth,
      parameters: [...pathParametersOf(route.path, route.params), ...queryParametersOf(route.query)],
      ...(route.body
        ? {
            requestBody: { required: true, content: { 'application/json': { schema: toSchema(route.body, 'input') } } },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Nuvatra API', version: '1' },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A session token of the auth provider' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    },
    paths,
  };
}
