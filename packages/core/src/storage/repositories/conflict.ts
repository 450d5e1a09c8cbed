import { createHttpError, isNuvatraError } from '../../errors/errors.js';

/** Re-words a driver's CONFLICT in domain terms; other errors pass through untouched. */
export async function conflictAs<T>(work: Promise<T>, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isNuvatraError(error, 'CONFLICT')) throw createHttpError('CONFLICT', message, { cause: error });
    throw error;
  }
}
