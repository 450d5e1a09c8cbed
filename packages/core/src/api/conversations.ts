import { defineRoute } from '../http/route.js';
import { appointmentSchema, createAppointmentInputSchema } from '../schemas/appointment.js';
import { conversationSchema, messageSchema } from '../schemas/conversation.js';
import { idParamsSchema, pageQuerySchema, pageSchema } from './schemas.js';

export const conversationRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/conversations',
    auth: 'user',
    summary: 'SMS, WhatsApp, email and web conversations, newest first',
    tags: ['messages'],
    query: pageQuerySchema,
    responses: { 200: { description: 'A page of conversations', schema: pageSchema(conversationSchema) } },
    handle({ scope, query }) {
      return scope.conversations.list(query);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/conversations/:id/messages',
    auth: 'user',
    summary: 'The messages of one conversation, newest first',
    tags: ['messages'],
    params: idParamsSchema,
    query: pageQuerySchema,
    responses: {
      200: { description: 'A page of messages', schema: pageSchema(messageSchema) },
      404: { description: 'No such conversation' },
    },
    handle({ scope, params, query }) {
      return scope.messages.list(params.id, query);
    },
  }),
];

export const appointmentRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/appointments',
    auth: 'user',
    summary: 'Appointments and reservations, newest first',
    tags: ['appointments'],
    query: pageQuerySchema,
    responses: { 200: { description: 'A page of appointments', schema: pageSchema(appointmentSchema) } },
    handle({ scope, query }) {
      return scope.appointments.list(query);
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/api/appointments',
    auth: 'user',
    summary: 'Book an appointment, optionally linked to the call it was booked in',
    tags: ['appointments'],
    body: createAppointmentInputSchema,
    responses: {
      201: { description: 'The appointment', schema: appointmentSchema },
      404: { description: 'The linked call does not exist' },
    },
    async handle({ scope, body }) {
      return Response.json(await scope.appointments.create(body), { status: 201 });
    },
  }),
];
