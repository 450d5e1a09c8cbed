import { z } from 'zod';
import { createHttpError } from '../errors/errors.js';
import { timestampSchema } from '../schemas/common.js';

/** Keyset cursors: the (createdAt, id) of the last row of a page, newest first. */
const cursorSchema = z.tuple([timestampSchema, z.string().min(1).max(255)]);

export type CursorPosition = z.infer<typeof cursorSchema>;

export function encodeCursor(position: CursorPosition): string {
  const json = JSON.stringify(position);
  return btoa(json).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const base64 = cursor.replaceAll('-', '+').replaceAll('_', '/');
    return cursorSchema.parse(JSON.parse(atob(base64)));
  } catch (error) {
    throw createHttpError(
      'INVALID_CURSOR',
      'The cursor is not one this API returned; pass `nextCursor` from the previous page unchanged.',
      {
        cause: error,
      },
    );
  }
}
