import type { ServerResponse } from 'node:http';

/**
 * Writes a Fetch Response to an Express (or node:http) response: status, every header (each Set-Cookie on its
 * own line), and the body chunk by chunk with backpressure. Resolves when the body is written or the client has
 * gone (the body is then cancelled).
 */
export async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);

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
