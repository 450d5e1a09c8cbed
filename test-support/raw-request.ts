import { once } from 'node:events';
import { type IncomingHttpHeaders, type IncomingMessage, request } from 'node:http';

// Test-only: what the runtime bindings' tests send that fetch will not.

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A request through node:http, for what fetch will not send: a forged Host, an absolute-form target. */
export async function sendRaw(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array },
): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  const outgoing = request({
    hostname,
    port,
    method: options.method ?? 'GET',
    path: options.path,
    headers: options.headers,
  });
  outgoing.end(options.body);
  const [incoming] = (await once(outgoing, 'response')) as [IncomingMessage];
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return { status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) };
}
