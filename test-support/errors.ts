import { expect } from 'vitest';
import { NuvatraHttpError } from '../packages/core/src/errors/errors.js';

/** The NuvatraHttpError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejectionOf(promise: Promise<unknown>): Promise<NuvatraHttpError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(NuvatraHttpError);
  return error as NuvatraHttpError;
}
