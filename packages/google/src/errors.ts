import { type ErrorCode, NuvatraHttpError } from '@nuvatra/core';

/**
 * The codes this package answers with, beside core's. Clients match on them; the messages may change. Each carries
 * its HTTP status: a refusal of the caller is 4xx, and a connection Google no longer honours is a 409 the dashboard
 * shows as "reconnect", never a 500.
 */
export const GoogleErrorCode = {
  OAUTH_STATE_INVALID: 'OAUTH_STATE_INVALID',
  OAUTH_STATE_EXPIRED: 'OAUTH_STATE_EXPIRED',
  OAUTH_STATE_USED: 'OAUTH_STATE_USED',
  OAUTH_STATE_MISMATCH: 'OAUTH_STATE_MISMATCH',
  OAUTH_ACCESS_DENIED: 'OAUTH_ACCESS_DENIED',
  OAUTH_CODE_INVALID: 'OAUTH_CODE_INVALID',
  GOOGLE_CONNECTION_BROKEN: 'GOOGLE_CONNECTION_BROKEN',
  GOOGLE_UNAVAILABLE: 'GOOGLE_UNAVAILABLE',
} as const;
export type GoogleErrorCode = (typeof GoogleErrorCode)[keyof typeof GoogleErrorCode];

const statusOf: Record<GoogleErrorCode, number> = {
  OAUTH_STATE_INVALID: 400,
  OAUTH_STATE_EXPIRED: 400,
  OAUTH_STATE_USED: 409,
  OAUTH_STATE_MISMATCH: 403,
  OAUTH_ACCESS_DENIED: 400,
  OAUTH_CODE_INVALID: 400,
  GOOGLE_CONNECTION_BROKEN: 409,
  GOOGLE_UNAVAILABLE: 502,
};

// Core's ErrorCode lists core's own codes; a plugin's codes travel in the same field, so they are cast once here.
const asCode = (code: string) => code as ErrorCode;

/** A request error with one of this package's codes and its status. */
export function googleError(code: GoogleErrorCode, message: string, cause?: unknown): NuvatraHttpError {
  return new NuvatraHttpError(statusOf[code], { code: asCode(code), message, cause });
}

/** `CALENDAR_NOT_CONNECTED`, `GMAIL_NOT_CONNECTED`: the tenant has not connected this kind of Google account. */
export function notConnectedCode(kind: string): string {
  return `${kind.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_NOT_CONNECTED`;
}

export function notConnectedError(kind: string, label: string): NuvatraHttpError {
  return new NuvatraHttpError(409, {
    code: asCode(notConnectedCode(kind)),
    message: `This business has not connected its Google ${label} yet: connect it in the dashboard's settings.`,
  });
}

const codes = new Set<string>(Object.values(GoogleErrorCode));

/** Whether `error` is this package's error of `code`, or any of them (`<KIND>_NOT_CONNECTED` included). */
export function isGoogleError(error: unknown, code?: string): error is NuvatraHttpError {
  if (!(error instanceof NuvatraHttpError)) return false;
  const actual = error.code as string;
  return code === undefined ? codes.has(actual) || actual.endsWith('_NOT_CONNECTED') : actual === code;
}
