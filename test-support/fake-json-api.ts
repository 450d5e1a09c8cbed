import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { onTestFinished } from 'vitest';

// Test-only: a provider's JSON REST API as an in-process HTTP server on loopback, the only thing the provider tests
// fake. The official SDK is pointed at its URL; everything between the SDK and our code is real. It records every
// request and answers what `answer` says; it closes when the test finishes.

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export type JsonAnswer = (request: RecordedRequest, count: number) => { status: number; body: unknown };

export async function startFakeJsonApi(
  answer: JsonAnswer,
  options: { contentType?: string } = {},
): Promise<{ url: string; requests: RecordedRequest[] }> {
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
    outgoing.writeHead(status, { 'content-type': options.contentType ?? 'application/json; charset=utf-8' });
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
