import { describe, expect, it } from 'vitest';
import { readBodyBytes } from './body.js';
import { type BodyReader, bodyReaderKey, rawResponseBody, textResponse } from './light.js';
import { json } from './response.js';

describe('light responses', () => {
  it('are Responses with their status, ok and mutable headers served without a real one', () => {
    const response = json({ a: 1 }, { status: 201 });
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.statusText).toBe('');
    response.headers.set('x-request-id', 'req_1');
    expect(rawResponseBody(response)).toBe('{"a":1}');
  });

  it('become a real Response with the current headers when the body is touched', async () => {
    const response = textResponse('<Response/>', { headers: { 'content-type': 'text/xml' } });
    response.headers.append('vary', 'Origin');
    expect(await response.text()).toBe('<Response/>');
    expect(response.bodyUsed).toBe(true);
    expect(rawResponseBody(response)).toBeUndefined();
    response.headers.set('x-later', '1');
    const copy = new Response(null, response);
    expect(copy.headers.get('vary')).toBe('Origin');
    expect(copy.headers.get('x-later')).toBe('1');
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('clone into real Responses that read the same body', async () => {
    const response = json({ ok: true });
    const copy = response.clone();
    expect(await copy.json()).toEqual({ ok: true });
    expect(await response.json()).toEqual({ ok: true });
  });

  it('keep status and headers through new Response(null, response), as HEAD answers are made', async () => {
    const response = json({ gone: true }, { status: 410, headers: { 'set-cookie': 'a=1' } });
    response.headers.append('set-cookie', 'b=2');
    const head = new Response(null, response);
    expect(head.status).toBe(410);
    expect(head.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(head.body).toBeNull();
    // The light response was not made real by it.
    expect(rawResponseBody(response)).toBe('{"gone":true}');
  });

  it('give a string body text/plain unless told otherwise, and keep bytes as bytes', async () => {
    expect(textResponse('hi').headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    const bytes = textResponse(new Uint8Array([1, 2, 3]), { status: 202 });
    expect(bytes.headers.has('content-type')).toBe(false);
    expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refuse what new Response refuses', () => {
    expect(() => textResponse('x', { status: 99 })).toThrow(RangeError);
    expect(() => json({}, { status: 204 })).toThrow(TypeError);
  });

  it('answer no raw body for a real Response', () => {
    expect(rawResponseBody(new Response('x'))).toBeUndefined();
  });
});

describe('readBodyBytes through bodyReaderKey', () => {
  function carrying(bytes: Uint8Array | null, headers: HeadersInit = {}): Request {
    const request = new Request('https://example.com/hook', { method: 'POST', headers });
    const read: BodyReader = async () => bytes;
    return Object.assign(request, { [bodyReaderKey]: read });
  }

  it('uses the reader the request carries', async () => {
    expect(await readBodyBytes(carrying(new Uint8Array([7, 8])), 10)).toEqual(new Uint8Array([7, 8]));
  });

  it('answers 413 when the reader says more than the limit arrived', async () => {
    await expect(readBodyBytes(carrying(null), 10)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('still refuses a declared Content-Length above the limit before calling the reader', async () => {
    const request = carrying(new Uint8Array(1), { 'content-length': '100' });
    const read = (request as Request & { [bodyReaderKey]: BodyReader })[bodyReaderKey];
    let called = false;
    const spy: BodyReader = (limit) => {
      called = true;
      return read(limit);
    };
    Object.assign(request, { [bodyReaderKey]: spy });
    await expect(readBodyBytes(request, 10)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(called).toBe(false);
  });
});
