import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { onTestFinished } from 'vitest';

// Test-only: Vapi's REST API as an in-process HTTP server on loopback, the only thing the hand-off tests fake.
// The SDK is pointed at it with `baseUrl`; everything between the SDK and our code is real.

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeVapi {
  url: string;
  requests: RecordedRequest[];
}

export type FakeAnswer = (request: RecordedRequest, count: number) => { status: number; body: unknown };

/**
 * POST /call answers like Vapi does for `phoneCallProviderBypassEnabled: true`: 201 with the call, whose
 * `phoneCallProviderDetails.twiml` connects Twilio's call to a media stream of this Vapi call.
 */
export const bypassedCallAnswer: FakeAnswer = (request, count) => {
  const id = `vapi-call-${count}`;
  return {
    status: 201,
    body: {
      id,
      orgId: 'org-5c4d030f',
      type: 'inboundPhoneCall',
      status: 'queued',
      createdAt: '2026-03-02T14:00:00.000Z',
      updatedAt: '2026-03-02T14:00:00.000Z',
      phoneCallProvider: 'twilio',
      phoneCallTransport: 'pstn',
      phoneCallProviderBypassEnabled: true,
      phoneCallProviderDetails: {
        twiml: `<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://phone-call-websocket.aws-us-west-2-backend-production1.vapi.ai/${id}/transport"/></Connect></Response>`,
      },
      assistant: request.body.assistant,
      customer: request.body.customer,
    },
  };
};

export async function startFakeVapi(answer: FakeAnswer = bypassedCallAnswer): Promise<FakeVapi> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const request: RecordedRequest = {
      method: incoming.method ?? '',
      path: incoming.url ?? '',
      headers: incoming.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
    requests.push(request);
    const { status, body } = answer(request, requests.length);
    outgoing.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    outgoing.end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests };
}
