import type { IncomingMessage } from 'node:http';

// A registered symbol, not a module-level WeakMap: the ESM and CJS builds may both be loaded, and the parser's
// `verify` and the middleware must still meet on the same key.
const rawBodyKey = Symbol.for('@nuvatra/express.rawBody');

/** The header a reconstructed body carries (core's constant); routes that check a signature refuse it. */
export { RECONSTRUCTED_BODY_HEADER } from '@nuvatra/core';

/**
 * Pass as the `verify` option of `express.json()`, `express.urlencoded()` or `express.text()` so the exact bytes
 * the client sent reach the handler (webhook signatures are computed over them).
 */
export function captureRawBody(req: IncomingMessage, _res: unknown, buffer: Buffer): void {
  (req as IncomingMessage & { [rawBodyKey]?: Buffer })[rawBodyKey] = buffer;
}

/** The bytes `captureRawBody` stored on the request, if it ran. */
export function capturedRawBodyOf(req: IncomingMessage): Buffer | undefined {
  const value = (req as IncomingMessage & { [rawBodyKey]?: unknown })[rawBodyKey];
  return Buffer.isBuffer(value) ? value : undefined;
}

const encoder = new TextEncoder();

/**
 * Best-effort bytes for a body a parser consumed without `captureRawBody`. They are NOT the bytes the client sent
 * (spacing, key order, escapes and charset may differ), which is why the request is marked with
 * RECONSTRUCTED_BODY_HEADER.
 */
export function reconstructBody(body: unknown, contentType: string | undefined): Uint8Array {
  if (body === undefined || body === null) return new Uint8Array();
  if (typeof body === 'string') return encoder.encode(body);
  if (contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded') && typeof body === 'object') {
    const params = new URLSearchParams();
    appendFormValue(params, '', body);
    return encoder.encode(params.toString());
  }
  return encoder.encode(JSON.stringify(body));
}

// `express.urlencoded({ extended: true })` nests objects and arrays; write them back in the bracket form it reads.
function appendFormValue(params: URLSearchParams, key: string, value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) appendFormValue(params, key, item);
  } else if (value !== null && typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) appendFormValue(params, key ? `${key}[${name}]` : name, item);
  } else {
    params.append(key, value === undefined || value === null ? '' : String(value));
  }
}
