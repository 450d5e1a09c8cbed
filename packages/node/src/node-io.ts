import type { IncomingMessage, ServerResponse } from 'node:http';
import { rawResponseBody } from '@nuvatra/core';

// Converting between node:http's request/response and the Fetch API, shared by @nuvatra/node and @nuvatra/express
// (an Express request and response are node:http's). Written here rather than taken from an adapter library because
// the hot webhook path pays for every extra stream and copy (see bench/): one web stream over the request's own
// events, and one write for a one-chunk answer.

/**
 * The request's body as a byte stream fed by the request's own events, read only once the handler reads (a route
 * that answers untouched leaves the body to whoever reads next), and paused while the reader is behind. Cancelled
 * part-way (the handler refused it, e.g. too large), the rest is discarded.
 */
export function requestBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let listening = false;
  let ended = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (listening) {
          req.resume();
          return;
        }
        listening = true;
        const finish = (error?: Error) => {
          if (ended) return;
          ended = true;
          if (error) controller.error(error);
          else controller.close();
        };
        req.on('data', (chunk: Buffer) => {
          if (ended) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => finish());
        req.once('error', (error) => finish(error));
        req.once('close', () => {
          if (!req.complete) finish(new Error('The client closed the request before its body ended.'));
        });
      },
      cancel() {
        ended = true;
        req.removeAllListeners('data');
        req.resume();
      },
    },
    { highWaterMark: 0 },
  );
}

export interface WriteNodeResponseOptions {
  /**
   * When the body fails after the status line is sent: `throw` hands the error to the caller (Express's error
   * handling), `destroy` cuts the connection rather than fake an answer. Default `throw`.
   */
  onBodyError?: 'throw' | 'destroy';
}

/**
 * Writes a Fetch Response to a node:http (or Express) response: status, every header (each Set-Cookie on its own
 * line), and the body chunk by chunk with backpressure. Resolves when the body is written or the client has gone
 * (the body is then cancelled).
 */
export async function writeNodeResponse(
  res: ServerResponse,
  response: Response,
  options: WriteNodeResponseOptions = {},
): Promise<void> {
  const raw = rawResponseBody(response);
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  // Answered before the request's body arrived (a 413 on Content-Length, a refusal before reading): the rest of the
  // body is still on the socket, so say the connection ends rather than let the client reuse it and be cut off.
  if (res.req && !res.req.complete) res.setHeader('connection', 'close');

  // Core's light responses keep their body as given: one write, no stream.
  if (raw !== undefined) {
    if (res.req?.method === 'HEAD') res.end();
    else res.end(raw);
    return;
  }
  const body = response.body;
  if (body === null || res.req?.method === 'HEAD') {
    await body?.cancel();
    res.end();
    return;
  }
  const reader = body.getReader();
  let gone = false;
  const onClose = () => {
    if (res.writableFinished) return;
    gone = true;
    reader.cancel().catch(() => undefined);
  };
  res.once('close', onClose);
  // One chunk behind the reader: a body of one chunk (most answers) goes out in a single write with its length.
  let pending: Uint8Array | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || gone) break;
      const chunk = pending;
      pending = value;
      if (chunk && !res.write(chunk)) await drained(res);
    }
  } catch (error) {
    // The client went away mid-body: nothing is left to answer, and the body is cancelled.
    if (gone) return;
    if (options.onBodyError === 'destroy') {
      // The status line is gone, so the connection is cut rather than the answer faked.
      res.destroy(error as Error);
      return;
    }
    throw error;
  } finally {
    res.off('close', onClose);
  }
  if (gone) return;
  if (pending) res.end(pending);
  else res.end();
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const resume = () => {
      res.off('drain', resume);
      res.off('close', resume);
      resolve();
    };
    res.on('drain', resume);
    res.on('close', resume);
  });
}
