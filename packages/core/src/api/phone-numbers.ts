import { z } from 'zod';
import { defineRoute } from '../http/route.js';
import { createPhoneNumberInputSchema, phoneNumberSchema } from '../schemas/phone-number.js';
import { idParamsSchema } from './schemas.js';

/** `number` as typed by a person (normalised), or `e164` as a program sends it; one of the two. */
export const createPhoneNumberBodySchema = createPhoneNumberInputSchema
  .extend({ number: createPhoneNumberInputSchema.shape.number.optional(), e164: z.string().min(1).max(64).optional() })
  .refine((body) => (body.number === undefined) !== (body.e164 === undefined), {
    message: 'send the number as either "number" or "e164"',
    path: ['number'],
  });

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
    body: createPhoneNumberBodySchema,
    responses: {
      201: { description: 'The number', schema: phoneNumberSchema },
      409: { description: 'Registered already, or a shared assistant number' },
    },
    async handle({ scope, body, services }) {
      const { e164, number, ...rest } = body;
      const created = await scope.phoneNumbers.create({ ...rest, number: number ?? e164 });
      // Inside the same transaction: a number the provider could not be set up for is not kept.
      await services.phoneNumberAdded(scope, created);
      return Response.json(created, { status: 201 });
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
    async handle({ scope, params, services }) {
      const number = await scope.phoneNumbers.get(params.id);
      await scope.phoneNumbers.delete(params.id);
      if (number) await services.phoneNumberRemoved(scope, number);
    },
  }),
];
