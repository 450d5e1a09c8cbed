import { NuvatraHttpError, toNuvatraError } from '../errors/errors.js';
import { createLightResponse } from './light.js';

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };

/** A JSON response (a light one: see light.ts). */
export function json(data: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  for (const [name, value] of Object.entries(jsonHeaders)) if (!headers.has(name)) headers.set(name, value);
  const text = JSON.stringify(data) as string | undefined;
  // `undefined` (or a function) has no JSON text: a bodiless answer, as `new Response(undefined)` gives.
  if (text === undefined) return new Response(null, { status: init.status ?? 200, headers });
  return createLightResponse(text, init.status ?? 200, headers);
}

/**
 * The one place an error becomes a response: `{ "error": { "code", "message" } }` (plus field `issues` for
 * validation errors). Errors a request did not cause answer 500 with a generic message; their detail goes to
 * the log, never to the caller.
 */
export function errorResponse(error: unknown): Response {
  const normalized = toNuvatraError(error);
  if (!(normalized instanceof NuvatraHttpError) || normalized.status >= 500) {
    const status = normalized instanceof NuvatraHttpError ? normalized.status : 500;
    return json(
      { error: { code: 'INTERNAL', message: 'An internal error occurred; the server log has the detail.' } },
      { status },
    );
  }
  const body: { code: string; message: string; issues?: ReadonlyArray<{ path: string; message: string }> } = {
    code: normalized.code,
    message: normalized.message,
  };
  if (normalized.issues.length > 0) body.issues = normalized.issues;
  return json({ error: body }, { status: normalized.status });
}
