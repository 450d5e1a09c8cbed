/**
 * The clock storage stamps `createdAt` with. The seed turns it back while it writes the demo's past, so the call
 * log and the stats chart show calls spread over the last days rather than all at start-up.
 */
export interface SeedClock {
  now(): Date;
  /** Runs `work` with the clock stopped at `time`; nothing else may write meanwhile (the server waits for the seed). */
  at<T>(time: Date, work: () => Promise<T>): Promise<T>;
}

export function createSeedClock(): SeedClock {
  let stopped: Date | null = null;
  return {
    now: () => stopped ?? new Date(),
    async at(time, work) {
      stopped = time;
      try {
        return await work();
      } finally {
        stopped = null;
      }
    },
  };
}
