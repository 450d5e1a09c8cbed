import type { CommandSpec } from '../command.js';
import { clerkSigningSecret } from '../credentials/signing.js';
import { usageError } from '../io.js';
import { type ClerkEventType, clerkEvent, clerkEventTypes, clerkId } from './clerk-events.js';
import { post, serverOf, serverOnly, statusOf } from './send.js';

const clerkPath = '/api/webhooks/clerk';

function parseData(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw usageError(`--data is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw usageError('--data must be a JSON object, merged into the event’s data.');
  }
  return value as Record<string, unknown>;
}

export const simulateClerkEvent: CommandSpec = {
  name: 'simulate clerk-event',
  summary: 'Send a Svix-signed Clerk webhook event (an organisation, user or membership created)',
  details: [
    'Signed with CLERK_WEBHOOK_SIGNING_SECRET, else <NUVATRA_DATA_DIR>/development-providers.json.',
    'The event’s data is a complete Clerk object with fresh ids; --data is merged into it (objects deeply).',
    'A membership names an organisation: pass its id (--data \'{"organization":{"id":"org_…"}}\'), or the server',
    'answers 409 until an organization.created for it arrives.',
  ],
  args: [{ name: 'type', description: 'The event type', choices: clerkEventTypes }],
  options: {
    data: { type: 'string', placeholder: 'json', description: 'Fields of the event’s data to set' },
    ...serverOnly,
  },
  examples: [
    'nuvatra simulate clerk-event organization.created --data \'{"name":"Bright Smiles","created_by":"user_2abc"}\'',
    'nuvatra simulate clerk-event user.created',
    'nuvatra simulate clerk-event organizationMembership.created --data \'{"organization":{"id":"org_2xyz"},"public_user_data":{"user_id":"user_2abc"}}\'',
  ],
  async run(input, context) {
    const type = input.arg(0) as ClerkEventType;
    const overrides = parseData(input.option('data'));
    const server = serverOf(input, context);
    const { signingSecret, source } = clerkSigningSecret(context.io);
    const event = clerkEvent(type, overrides);
    const body = JSON.stringify(event);
    const messageId = clerkId('msg');
    const signedAt = new Date();
    const { Webhook } = await import('svix');
    const answer = await post(context, server, clerkPath, {
      headers: {
        'content-type': 'application/json',
        'svix-id': messageId,
        'svix-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
        'svix-signature': new Webhook(signingSecret).sign(messageId, signedAt, body),
      },
      body,
    });
    const status = statusOf(answer);
    const data = event.data as { id?: unknown; organization?: { id?: unknown } };
    const reply = status.ok ? parseJson(answer.body) : null;
    return {
      exitCode: status.exitCode,
      data: {
        status: answer.status,
        type,
        messageId,
        id: data.id ?? null,
        signedWith: source,
        ...(status.ok ? { response: reply } : { error: answer.error }),
      },
      lines: [
        `${status.line}${reply ? `: ${JSON.stringify(reply)}` : ''}.`,
        `${type} ${String(data.id)} (Svix message ${messageId})`,
      ],
    };
  },
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
