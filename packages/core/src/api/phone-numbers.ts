import { z } from 'zod';
import { defineRoute } from '../http/route.js';
import { createPhoneNumberInputSchema, phoneNumberSchema } from '../schemas/phone-number.js';
import { idParamsSchema } from './schemas.js';

export const phoneNumberRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/phone-numbers',
    auth: 'user',
    summary: "The tenant's own and forwarding numbers",
    tags: ['phone numbers'],
    responses: { 200: { description: 'All numbers', schema: z.object({ items: z.array(phoneNumberSchema) }) } },
    async handle({ scope }) {
      return { items: await scope.phoneNumbers.list() };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/phone-numbers',
    auth: 'user',
    summary: 'Register a number (normalised to E.164); one registered elsewhere is a conflict',
    tags: ['phone numbers'],
    body: createPhoneNumberInputSchema,
    responses: {
      201: { description: 'The number', schema: phoneNumberSchema },
      409: { description: 'Registered already, or a shared assistant number' },
    },
    async handle({ scope, body }) {
      return Response.json(await scope.phoneNumbers.create(body), { status: 201 });
    },
  }),
  defineRoute({
    method: 'DELETE',
    path: '/api/phone-numbers/:id',
    auth: 'user',
    summary: 'Remove a number',
    tags: ['phone numbers'],
    params: idParamsSchema,
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such number' } },
    async handle({ scope, params }) {
      await scope.phoneNumbers.delete(params.id);
    },
  }),
];
