import type { ApiErrorBody } from '@nuvatra/core';

type Issue = NonNullable<ApiErrorBody['error']['issues']>[number];

/**
 * An API call that did not succeed, with the server's own `{ error: { code, message } }` when it sent one, so a
 * component can show the message as the API wrote it (it names the field and what to do).
 */
export class NuvatraApiError extends Error {
  override readonly name = 'NuvatraApiError';
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  /** The API's error code (`CONFLICT`, `VALIDATION_FAILED`, …), or `NETWORK_ERROR` / `HTTP_<status>`. */
  readonly code: string;
  /** Field-level problems of a validation error. */
  readonly issues: readonly Issue[];

  constructor(options: { status: number; code: string; message: string; issues?: readonly Issue[]; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.code = options.code;
    this.issues = options.issues ?? [];
  }
}

export function isNuvatraApiError(error: unknown): error is NuvatraApiError {
  return error instanceof NuvatraApiError;
}

/** Reads an error response; a body that is not the API's error shape still gives a readable message. */
export async function toApiError(response: Response): Promise<NuvatraApiError> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<ApiErrorBody>;
    if (body.error && typeof body.error.code === 'string' && typeof body.error.message === 'string') {
      return new NuvatraApiError({
        status: response.status,
        code: body.error.code,
        message: body.error.message,
        ...(Array.isArray(body.error.issues) ? { issues: body.error.issues } : {}),
      });
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): fall through to a message built from the status.
  }
  const reason = response.statusText ? ` ${response.statusText}` : '';
  return new NuvatraApiError({
    status: response.status,
    code: `HTTP_${response.status}`,
    message: `The server answered ${response.status}${reason}.`,
  });
}
