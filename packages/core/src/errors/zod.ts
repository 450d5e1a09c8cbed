import type { z } from 'zod';
import { createHttpError } from './errors.js';

/**
 * Parses `input` with `schema` or throws VALIDATION_FAILED naming every field at fault.
 * `what` names the thing parsed ("tenant config", "intent") so the message says where to look.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const summary = issues
    .slice(0, 5)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
  return throwValidation(`Invalid ${what}: ${summary}`, issues, result.error);
}

function throwValidation(message: string, issues: Array<{ path: string; message: string }>, cause: unknown): never {
  throw createHttpError('VALIDATION_FAILED', message, { issues, cause });
}
