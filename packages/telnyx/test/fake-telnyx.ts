import { randomUUID } from 'node:crypto';
import { type RecordedRequest, startFakeJsonApi } from '../../../test-support/fake-json-api.js';

// Test-only: Telnyx's REST API (v2) on loopback, answering what the plugin asks in the shapes Telnyx documents.
// The telnyx SDK is pointed at it through the plugin's `baseUrl`; every request it makes is recorded.

export interface FakeConversation {
  messages: Array<{ role: string; text: string; sent_at: string }>;
  insights: Array<{ status: string; conversation_insights: Array<{ insight_id: string; result: string }> }>;
}

const errors = (status: number, title: string) => ({ status, body: { errors: [{ code: String(status), title }] } });

export async function startFakeTelnyx() {
  /** API key → the messaging profiles of its account. */
  const accounts = new Map<string, Set<string>>();
  /** Conversation id → the API key of the account that owns it, and its turns and insights. */
  const conversations = new Map<string, { apiKey: string } & FakeConversation>();

  const keyOf = (request: RecordedRequest) =>
    /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1] ?? '';
  const page = (data: unknown[]) => ({
    status: 200,
    body: { data, meta: { page_number: 1, page_size: 20, total_pages: 1, total_results: data.length } },
  });

  const api = await startFakeJsonApi((request) => {
    const apiKey = keyOf(request);
    const profiles = accounts.get(apiKey);
    if (!profiles) return errors(401, 'Authentication failed');
    const path = request.path.split('?')[0] ?? '';

    const profile = /^\/v2\/messaging_profiles\/([^/]+)$/.exec(path)?.[1];
    if (request.method === 'GET' && profile) {
      if (!profiles.has(profile)) return errors(404, 'Resource not found');
      return { status: 200, body: { data: { record_type: 'messaging_profile', id: profile, name: 'Front desk' } } };
    }

    if (request.method === 'POST' && path === '/v2/messages') {
      const body = request.body as { to: string; from?: string; text: string; messaging_profile_id?: string };
      if (body.messaging_profile_id && !profiles.has(body.messaging_profile_id)) return errors(422, 'Invalid profile');
      return {
        status: 200,
        body: {
          data: {
            record_type: 'message',
            direction: 'outbound',
            id: randomUUID(),
            type: 'SMS',
            messaging_profile_id: body.messaging_profile_id ?? null,
            from: { phone_number: body.from ?? '+15557770000', carrier: 'TELNYX LLC', line_type: 'VoIP' },
            to: [{ phone_number: body.to, status: 'queued', carrier: 'T-MOBILE USA, INC.', line_type: 'Wireless' }],
            text: body.text,
            media: [],
            encoding: 'GSM-7',
            parts: 1,
            errors: [],
          },
        },
      };
    }

    const conversation = /^\/v2\/ai\/conversations\/([^/]+)\/(messages|conversations-insights)$/.exec(path);
    if (request.method === 'GET' && conversation) {
      const stored = conversations.get(conversation[1] ?? '');
      if (!stored || stored.apiKey !== apiKey) return errors(404, 'Resource not found');
      return page(conversation[2] === 'messages' ? stored.messages : stored.insights);
    }
    return errors(404, `No fake for ${request.method} ${path}`);
  });

  return {
    baseUrl: `${api.url}/v2`,
    requests: api.requests,
    addAccount(apiKey: string, ...messagingProfileIds: string[]) {
      accounts.set(apiKey, new Set(messagingProfileIds));
    },
    addConversation(id: string, apiKey: string, conversation: FakeConversation) {
      conversations.set(id, { apiKey, ...conversation });
    },
    /** The requests made with one API key, as `METHOD path`. */
    requestsWith(apiKey: string) {
      return api.requests
        .filter((request) => request.headers.authorization === `Bearer ${apiKey}`)
        .map((request) => `${request.method} ${request.path}`);
    },
  };
}
export type FakeTelnyx = Awaited<ReturnType<typeof startFakeTelnyx>>;
