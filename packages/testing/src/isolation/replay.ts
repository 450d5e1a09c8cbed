import { replayHint } from './seed.js';

// Errors that already say what was running: a concurrent batch names its own step, not whatever ran last.
const explained = new WeakSet<object>();

/** Prefixes the error with what was running when it was thrown. */
export function explainFailure(error: unknown, doing: string): unknown {
  if (!(error instanceof Error) || explained.has(error)) return error;
  error.message = `while ${doing}: ${error.message}`;
  explained.add(error);
  return error;
}

/**
 * Wraps a test body so any failure names the seed that replays it and what the run was doing. Assertion errors
 * keep their diff: only the message gains the prefix.
 */
export function replayable(seed: number, doing: () => string, body: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body();
    } catch (error) {
      const explainedError = doing() ? explainFailure(error, doing()) : error;
      const hint = `isolation failure (${replayHint(seed)})`;
      if (explainedError instanceof Error) {
        explainedError.message = `${hint} ${explainedError.message}`;
        throw explainedError;
      }
      throw new Error(`${hint}: ${String(error)}`, { cause: error });
    }
  };
}
