import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/**
 * Writes a Fetch Response to an Express (or node:http) response: status, every header (each Set-Cookie on its
 * own line), and the body streamed with backpressure. Resolves when the body is written or the client has gone.
 */
export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);

  if (response.body === null || res.req?.method === 'HEAD') {
    await response.body?.cancel();
    res.end();
    return;
  }
  try {
    // lib.dom's and node:stream/web's ReadableStream types differ; at runtime they are the same class.
    await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
  } catch (error) {
    // The client went away mid-body: nothing is left to answer, and pipeline has cancelled the body.
    if ((error as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
}
