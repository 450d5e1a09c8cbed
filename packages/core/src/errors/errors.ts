import { type ErrorCode, statusOfErrorCode } from './codes.js';

export interface NuvatraErrorOptions {
  code: ErrorCode;
  message: string;
  cause?: unknown;
  /** Field-level detail for validation errors: `path` is the dotted location, `message` what is wrong there. */
  issues?: ReadonlyArray<{ path: string; message: string }>;
}

/** A developer or configuration mistake, or a failure inside Nuvatra. */
export class NuvatraError extends Error {
  override readonly name: string = 'NuvatraError';
  readonly code: ErrorCode;
  readonly issues: ReadonlyArray<{ path: string; message: string }>;

  constructor(options: NuvatraErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.issues = options.issues ?? [];
  }
}

/** An error a request caused; it carries the status the HTTP layer answers with. */
export class NuvatraHttpError extends NuvatraError {
  override readonly name = 'NuvatraHttpError';
  readonly status: number;

  constructor(status: number, options: NuvatraErrorOptions) {
    super(options);
    this.status = status;
  }
}

/** Makes the error a request caused, with the status its code implies. */
export function createHttpError(
  code: ErrorCode,
  message: string,
  extra: Omit<NuvatraErrorOptions, 'code' | 'message'> = {},
) {
  return new NuvatraHttpError(statusOfErrorCode[code], { code, message, ...extra });
}

/** Normalises anything thrown into a NuvatraError; unknown throwables become INTERNAL and keep their cause. */
export function toNuvatraError(error: unknown): NuvatraError {
  if (error instanceof NuvatraError) return error;
  return new NuvatraError({ code: 'INTERNAL', message: 'An unexpected error occurred.', cause: error });
}

/** True for an error of the given code; handy in tests and in callers that branch on codes. */
export function isNuvatraError(error: unknown, code?: ErrorCode): error is NuvatraError {
  return error instanceof NuvatraError && (code === undefined || error.code === code);
}
