import { type AnyRoute, createHttpError, defineRoute, json, parseOrThrow, readBodyBytes } from '@nuvatra/core';
import { vapiWebhookPath } from './assistant.js';
import { answerAssistantRequest } from './messages/assistant-request.js';
import { storeEndOfCallReport, storeStatusUpdate } from './messages/call-events.js';
import type { MessageContext } from './messages/context.js';
import { runToolCalls } from './messages/tool-calls.js';
import type { VapiSettings } from './options.js';
import {
  assistantRequestSchema,
  endOfCallReportSchema,
  envelopeSchema,
  statusUpdateSchema,
  toolCallsSchema,
} from './schemas.js';
import { verifyVapiRequest } from './verify.js';

const what = 'Vapi server message';

/** `POST /api/webhooks/vapi`: every server message of every tenant's assistant. */
export function vapiRoutes(settings: VapiSettings): AnyRoute[] {
  const route = defineRoute({
    method: 'POST',
    path: vapiWebhookPath,
    auth: 'provider',
    summary: 'Vapi server messages (assistant-request, status-update, end-of-call-report, tool-calls)',
    tags: ['vapi'],
    bodyLimit: settings.bodyLimit,
    responses: {
      200: { description: 'The answer Vapi expects for the message type, or {}' },
      401: { description: 'No server secret or signature' },
      403: { description: 'Wrong secret or signature, or metadata that does not match the stored call' },
    },
    async handle({ request, storage, services, log }) {
      // verify → parse → resolve → act → answer: nothing is read as JSON before Vapi is proven the sender.
      const body = await readBodyBytes(request, settings.bodyLimit);
      await verifyVapiRequest(request.headers, body, settings);
      const { message } = parseOrThrow(envelopeSchema, parseJson(body), what);
      const context: MessageContext = { storage, services, log, settings };
      switch (message.type) {
        case 'assistant-request':
          return answerAssistantRequest(context, parseOrThrow(assistantRequestSchema, message, what));
        case 'status-update':
          return storeStatusUpdate(context, parseOrThrow(statusUpdateSchema, message, what));
        case 'end-of-call-report':
          return storeEndOfCallReport(context, parseOrThrow(endOfCallReportSchema, message, what));
        case 'tool-calls':
          return runToolCalls(context, parseOrThrow(toolCallsSchema, message, what));
        default:
          // Messages the plugin does not ask for (speech, transcript, conversation updates) need no answer.
          return json({});
      }
    },
  });
  return [route as AnyRoute];
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw createHttpError('INVALID_JSON', `The ${what} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
