import { gzipSync } from 'node:zlib';
import { describe } from 'vitest';
import { type Hostile, refusalCase, send, sendAlone, tenantsOf } from '../context.js';
import { memberOf } from '../sign.js';

const invalidJson = { status: 400, code: 'INVALID_JSON' } as const;
const invalidBody = { status: 400, code: 'VALIDATION_FAILED' } as const;

/** Malformed, mistyped, oversized and misencoded bodies; unknown ids and numbers that are no numbers. */
export function inputCases(hostile: Hostile): void {
  const asA = () => memberOf(hostile, tenantsOf(hostile).a);
  const postIntent = (body: BodyInit, contentType: string | null, headers: Record<string, string> = {}) =>
    send(hostile, '/api/intents', {
      method: 'POST',
      headers: { ...asA(), ...(contentType ? { 'content-type': contentType } : {}), ...headers },
      body,
    });
  const postNumber = (body: unknown) =>
    send(hostile, '/api/phone-numbers', {
      method: 'POST',
      headers: { ...asA(), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  describe('malformed input', () => {
    refusalCase(hostile, 'input: truncated JSON', invalidJson, () =>
      postIntent('{"name": "booking", ', 'application/json'),
    );
    refusalCase(hostile, 'input: JSON with a trailing comma and a comment', invalidJson, () =>
      postIntent('{"name": "booking", /* x */ }', 'application/json'),
    );
    refusalCase(hostile, 'input: wrong types (name a number, enabled a string)', invalidBody, () =>
      postIntent(JSON.stringify({ name: 42, enabled: 'yes' }), 'application/json'),
    );
    refusalCase(hostile, 'input: a JSON array where an object belongs', invalidBody, () =>
      postIntent(JSON.stringify([{ name: 'booking' }]), 'application/json'),
    );
    refusalCase(hostile, 'input: an unknown field smuggled in (tenantId)', invalidBody, () =>
      postIntent(JSON.stringify({ name: 'smuggled', tenantId: tenantsOf(hostile).b.id }), 'application/json'),
    );
    refusalCase(hostile, 'input: __proto__ pollution in the body', invalidBody, () =>
      postIntent('{"name": "polluted", "__proto__": {"isGlobalAdmin": true}}', 'application/json'),
    );
    refusalCase(hostile, 'input: a body over the API limit', { status: 413, code: 'PAYLOAD_TOO_LARGE' }, () => {
      const limit = hostile.target.bodyLimit ?? 1024 * 1024;
      return sendAlone(hostile, '/api/intents', {
        method: 'POST',
        headers: { ...asA(), 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'huge', description: 'x'.repeat(limit + 1) }),
      });
    });
    refusalCase(hostile, 'input: text/plain on a JSON route', { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }, () =>
      postIntent(JSON.stringify({ name: 'plain' }), 'text/plain'),
    );
    refusalCase(
      hostile,
      'input: no Content-Type on a JSON route',
      { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
      () => postIntent(new Blob([JSON.stringify({ name: 'untyped' })]), null),
    );
    refusalCase(hostile, 'input: a form body on a JSON route', { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' }, () =>
      postIntent('name=form', 'application/x-www-form-urlencoded'),
    );
    refusalCase(hostile, 'input: JSON that is not UTF-8', invalidJson, () =>
      postIntent(
        new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
        'application/json',
      ),
    );
    refusalCase(hostile, 'input: a gzip body (Content-Encoding: gzip is not supported)', invalidJson, () =>
      postIntent(gzipSync(Buffer.alloc(1024 * 1024, 0x20)), 'application/json', { 'content-encoding': 'gzip' }),
    );
    refusalCase(hostile, 'input: an unknown call id', { status: 404, code: 'NOT_FOUND' }, () =>
      send(hostile, '/api/calls/call_00000000000000000000000000', { headers: asA() }),
    );
    refusalCase(hostile, 'input: an id with SQL in it', { status: 404, code: 'NOT_FOUND' }, () =>
      send(hostile, `/api/calls/${encodeURIComponent("1' OR '1'='1")}`, { headers: asA() }),
    );
    refusalCase(hostile, 'input: a cursor that was never issued', { status: 400, code: 'INVALID_CURSOR' }, () =>
      send(hostile, '/api/calls?cursor=bm90LWEtY3Vyc29y', { headers: asA() }),
    );
    refusalCase(hostile, 'input: a phone number made of letters', { status: 400, code: 'INVALID_PHONE_NUMBER' }, () =>
      postNumber({ number: 'call me maybe', kind: 'owned' }),
    );
    refusalCase(hostile, 'input: a phone number too long to exist', { status: 400, code: 'INVALID_PHONE_NUMBER' }, () =>
      postNumber({ number: '+1555010000199999999', kind: 'owned' }),
    );
    refusalCase(hostile, 'input: an unknown route', { status: 404, code: 'NOT_FOUND' }, () =>
      send(hostile, '/api/../api/admin/tenants/../../calls-everything', { headers: asA() }),
    );
    refusalCase(hostile, 'input: a method the route does not answer', { status: 405, code: 'METHOD_NOT_ALLOWED' }, () =>
      send(hostile, '/api/calls', { method: 'DELETE', headers: asA() }),
    );
  });
}
