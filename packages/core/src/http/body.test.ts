import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rejectionOf } from '../../../../test-support/errors.js';
import { readBodyBytes, readJsonBody } from './body.js';

const url = 'https://api.example.com/api/intents';
const encoder = new TextEncoder();

/** A body with no Content-Length that hands out `chunks` one per read and records how far it was read. */
function streamOf(chunks: Uint8Array[]) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[state.pulled++];
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      cancel() {
        state.cancelled = true;
      },
    },
    // Nothing is pulled ahead of a read, so `pulled` counts what the reader asked for.
    { highWaterMark: 0 },
  );
  return { stream, state };
}

function post(body: BodyInit | null, headers: Record<string, string> = {}) {
  return new Request(url, { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('readBodyBytes', () => {
  it('returns the body bytes as sent', async () => {
    const bytes = await readBodyBytes(post(new Uint8Array([1, 2, 3, 250])), 10);
    expect([...bytes]).toEqual([1, 2, 3, 250]);
  });

  it('returns no bytes for a request without a body', async () => {
    expect((await readBodyBytes(new Request(url), 10)).byteLength).toBe(0);
  });

  it('accepts a body of exactly the limit', async () => {
    expect((await readBodyBytes(post('x'.repeat(16)), 16)).byteLength).toBe(16);
    const { stream } = streamOf([new Uint8Array(10), new Uint8Array(6)]);
    expect((await readBodyBytes(post(stream), 16)).byteLength).toBe(16);
  });

  it('refuses a declared Content-Length above the limit with 413 before reading the body', async () => {
    const { stream, state } = streamOf([new Uint8Array(4)]);
    const request = post(stream, { 'content-length': '17' });
    const error = await rejectionOf(readBodyBytes(request, 16));
    expect(error).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(error.message).toContain('16 bytes');
    expect(state.pulled).toBe(0);
  });

  it('refuses a streamed body without Content-Length once it passes the limit, and stops reading it', async () => {
    const chunks = Array.from({ length: 100 }, () => new Uint8Array(8));
    const { stream, state } = streamOf(chunks);
    const request = post(stream);
    expect(request.headers.has('content-length')).toBe(false);
    const error = await rejectionOf(readBodyBytes(request, 20));
    expect(error).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(state.pulled).toBeLessThan(chunks.length);
    expect(state.cancelled).toBe(true);
  });

  it('does not trust a Content-Length that understates the body', async () => {
    const { stream } = streamOf([new Uint8Array(12), new Uint8Array(12)]);
    const request = post(stream, { 'content-length': '4' });
    expect(await rejectionOf(readBodyBytes(request, 16))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('readJsonBody', () => {
  const schema = z.object({ name: z.string().min(1), keywords: z.array(z.string()).default([]) });
  const options = { limit: 1024, what: 'intent' };
  const jsonPost = (text: string, contentType: string | null = 'application/json') =>
    post(encoder.encode(text), contentType === null ? {} : { 'content-type': contentType });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset=UTF-8',
    'application/vnd.api+json',
    'application/merge-patch+json',
  ])('accepts Content-Type %s and answers the parsed value', async (contentType) => {
    expect(await readJsonBody(jsonPost('{"name":"booking"}', contentType), schema, options)).toEqual({
      name: 'booking',
      keywords: [],
    });
  });

  it.each(['text/plain', 'application/jsonx', 'application/x-www-form-urlencoded', 'text/json'])(
    'refuses Content-Type %s with 415 quoting what was sent',
    async (contentType) => {
      const error = await rejectionOf(readJsonBody(jsonPost('{"name":"booking"}', contentType), schema, options));
      expect(error).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(error.message).toContain(`(got "${contentType}")`);
      expect(error.message).toContain('intent');
    },
  );

  it('refuses a body without a Content-Type with 415 naming the header to send', async () => {
    const request = jsonPost('{"name":"booking"}', null);
    expect(request.headers.has('content-type')).toBe(false);
    const error = await rejectionOf(readJsonBody(request, schema, options));
    expect(error).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect(error.message).toContain('Content-Type: application/json');
    expect(error.message).not.toContain('got');
  });

  it('refuses bytes that are not UTF-8 as INVALID_JSON instead of decoding them to replacement characters', async () => {
    const request = post(new Uint8Array([0x22, 0xff, 0xfe, 0x22]), { 'content-type': 'application/json' });
    const error = await rejectionOf(readJsonBody(request, z.string(), options));
    expect(error).toMatchObject({ status: 400, code: 'INVALID_JSON' });
  });

  it.each(['{"name":', '', "{'name':'booking'}", '{"name":"booking"} trailing'])(
    'refuses the malformed JSON %j with 400 INVALID_JSON',
    async (text) => {
      const error = await rejectionOf(readJsonBody(jsonPost(text), schema, options));
      expect(error).toMatchObject({ status: 400, code: 'INVALID_JSON' });
      expect(error.message).toMatch(/^The request body is not valid JSON/);
      expect(error.cause).toBeInstanceOf(SyntaxError);
    },
  );

  it('refuses a body that fails the schema with VALIDATION_FAILED listing every field at fault', async () => {
    const error = await rejectionOf(readJsonBody(jsonPost('{"name":"","keywords":[1]}'), schema, options));
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(error.message).toMatch(/^Invalid intent: /);
    expect(error.issues.map((issue) => issue.path)).toEqual(['name', 'keywords.0']);
  });

  it('checks the size limit before parsing', async () => {
    const text = JSON.stringify({ name: 'x'.repeat(2000) });
    expect(await rejectionOf(readJsonBody(jsonPost(text), schema, options))).toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('checks the Content-Type before reading the body', async () => {
    const { stream, state } = streamOf([encoder.encode('{"name":"booking"}')]);
    const request = post(stream, { 'content-type': 'text/plain' });
    expect(await rejectionOf(readJsonBody(request, schema, options))).toMatchObject({ status: 415 });
    expect(state.pulled).toBe(0);
  });
});
