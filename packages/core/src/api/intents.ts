import { z } from 'zod';
import { defineRoute } from '../http/route.js';
import { createIntentInputSchema, intentSchema, updateIntentInputSchema } from '../schemas/intent.js';
import { idParamsSchema } from './schemas.js';

export const intentRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/intents',
    auth: 'user',
    summary: "The tenant's intents",
    tags: ['intents'],
    responses: { 200: { description: 'All intents', schema: z.object({ items: z.array(intentSchema) }) } },
    async handle({ scope }) {
      return { items: await scope.intents.all() };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/intents',
    auth: 'user',
    summary: 'Add an intent: example phrases and responses per language',
    tags: ['intents'],
    body: createIntentInputSchema,
    responses: { 201: { description: 'The intent', schema: intentSchema }, 409: { description: 'The name is taken' } },
    async handle({ scope, body }) {
      return Response.json(await scope.intents.create(body), { status: 201 });
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/intents/:id',
    auth: 'user',
    summary: 'Change an intent; fields left out keep their value',
    tags: ['intents'],
    params: idParamsSchema,
    body: updateIntentInputSchema,
    responses: { 200: { description: 'The intent', schema: intentSchema }, 404: { description: 'No such intent' } },
    async handle({ scope, params, body }) {
      return scope.intents.update(params.id, body);
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/intents/:id',
    auth: 'user',
    summary: 'Delete an intent',
    tags: ['intents'],
    params: idParamsSchema,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such intent' } },
    async handle({ scope, params }) {
      await scope.intents.delete(params.id);
    },
  }),
];
