import { defineRoute } from '../http/route.js';
import { callSchema, callStatusSchema } from '../schemas/call.js';
import { timestampSchema } from '../schemas/common.js';
import { notFound } from '../storage/entity.js';
import { idParamsSchema, pageQuerySchema, pageSchema } from './schemas.js';

/** A call as the call log lists it: everything but the transcript, which `GET /api/calls/:id` answers. */
export const callSummarySchema = callSchema.omit({ transcript: true, messages: true });

export const listCallsRoute = defineRoute({
  method: 'GET',
  path: '/api/calls',
  auth: 'user',
  summary: "The tenant's calls, newest first; filter by date window, outcome or status",
  tags: ['calls'],
  query: pageQuerySchema.extend({
    from: timestampSchema.optional(),
    to: timestampSchema.optional(),
    outcome: callSchema.shape.outcome.unwrap().min(1).optional(),
    status: callStatusSchema.optional(),
  }),
  responses: { 200: { description: 'A page of calls', schema: pageSchema(callSummarySchema) } },
  async handle({ scope, query }) {
    const { limit, cursor, ...filter } = query;
    const page = await scope.calls.list({ limit, cursor }, filter);
    return {
      items: page.items.map(({ transcript: _t, messages: _m, ...summary }) => summary),
      nextCursor: page.nextCursor,
    };
  },
});

export const getCallRoute = defineRoute({
  method: 'GET',
  path: '/api/calls/:id',
  auth: 'user',
  summary: 'One call with its transcript, recording URL, summary and outcome',
  tags: ['calls'],
  params: idParamsSchema,
  responses: {
    200: { description: 'The call', schema: callSchema },
    404: { description: 'No such call in this tenant' },
  },
  async handle({ scope, params }) {
    return (await scope.calls.get(params.id)) ?? notFound('call', params.id);
  },
});

export const callRoutes = [listCallsRoute, getCallRoute];
