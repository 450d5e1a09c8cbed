import type { IncomingMessage } from 'node:http';
import { readBodyBytes } from '@nuvatra/core';
import { afterEach, describe, expect, it } from 'vitest';
import { sendRaw } from '../../../test-support/raw-request.js';
import { captureRawBody, toRequest } from '../src/index.js';
import { type Loopback, listen } from './loopback.js';

// toRequest gives a light Request (see @nuvatra/node): core's readBodyBytes reads it without a web stream.

let server: Loopback | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Serves a listener that reads the Fetch Request's body twice through readBodyBytes and reports both outcomes. */
async function readTwice(before?: (req: IncomingMessage) => Promise<void>) {
  server = await listen(async (req, res) => {
    await before?.(req);
    const request = toRequest(req);
    const first = Buffer.from(await readBodyBytes(request, 64)).toString();
    const second = await readBodyBytes(request, 64).catch((error: Error) => error.constructor.name);
    res.end(JSON.stringify({ instance: request instanceof Request, first, second, bodyUsed: request.bodyUsed }));
  });
  const answer = await sendRaw(server.url, { method: 'POST', path: '/hook', body: Buffer.from('a=1&b=2') });
  return JSON.parse(answer.body.toString()) as unknown;
}

describe('the light request toRequest gives', () => {
  it('reads a body nobody has read once, as a Request would', async () => {
    expect(await readTwice()).toEqual({ instance: true, first: 'a=1&b=2', second: 'TypeError', bodyUsed: true });
  });

  it('reads the bytes captureRawBody kept once, as a Request would', async () => {
    const result = await readTwice(async (req) => captureRawBody(req, undefined, await readBody(req)));
    expect(result).toEqual({ instance: true, first: 'a=1&b=2', second: 'TypeError', bodyUsed: true });
  });
});
