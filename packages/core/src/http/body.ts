import type { z } from 'zod';
import { createHttpError } from '../errors/errors.js';
import { parseOrThrow } from '../errors/zod.js';
import { type BodyReader, bodyReaderKey } from './light.js';

/**
 * Set by a binding that had to rebuild a body a parser had already consumed (Express without `captureRawBody`):
 * the bytes may differ from what a provider signed, so signature-checked routes refuse such requests.
 */
export const RECONSTRUCTED_BODY_HEADER = 'x-nuvatra-body-reconstructed';

/** 1 MiB: far above any dashboard write; provider webhooks set their own limits. */
export const defaultBodyLimit = 1024 * 1024;

/**
 * Reads the body as bytes, refusing more than `limit` bytes with PAYLOAD_TOO_LARGE. It stops reading at the
 * limit instead of trusting Content-Length, which a client may omit or understate.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  // A binding's light request hands its bytes over without a web stream (see light.ts).
  const read = (request as Request & { [bodyReaderKey]?: BodyReader })[bodyReaderKey];
  if (typeof read === 'function') {
    const bytes = await read.call(request, limit);
    if (bytes === null) throw tooLarge(limit);
    return bytes;
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await discardRest(reader, size, limit);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads and drops what is left of an oversized body, up to four times the limit, so that a client still uploading
 * sees the 413 instead of a connection closed under it; past that the stream is cancelled.
 */
async function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>, read: number, limit: number) {
  const cap = Math.min(limit * 4, 64 * 1024 * 1024);
  let size = read;
  while (size <= cap) {
    const { done, value } = await reader.read();
    if (done) return;
    size += value.byteLength;
  }
  await reader.cancel();
}

function tooLarge(limit: number) {
  return createHttpError('PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes.`);
}

/** Reads a JSON body and parses it with `schema`: 415 unless JSON, 413 past `limit`, 400 when malformed. */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { limit: number; what: string },
): Promise<z.output<S>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(type.trim())) {
    throw createHttpError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the ${options.what} as JSON with "Content-Type: application/json"${type ? ` (got "${type}")` : ''}.`,
    );
  }
  const bytes = await readBodyBytes(request, options.limit);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw createHttpError('INVALID_JSON', `The request body is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseOrThrow(schema, value, options.what);
}
