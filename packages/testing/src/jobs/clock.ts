import type { JobQueueDriver } from '@nuvatra/core';
import type { SuiteClock } from './options.js';

export interface ManualClock extends SuiteClock {
  /** Moves time forward (and the adapter's, through its `advanceTime`). */
  advance(ms: number): Promise<void>;
}

export function createManualClock(
  advanceAdapter?: (driver: JobQueueDriver, ms: number) => Promise<void>,
  driver?: () => JobQueueDriver | undefined,
): ManualClock {
  // Whole milliseconds, so ISO timestamps compare exactly however an adapter stores them.
  let time = Math.floor(Date.now());
  return {
    now: () => new Date(time),
    async advance(ms) {
      time += ms;
      const current = driver?.();
      if (advanceAdapter && current) await advanceAdapter(current, ms);
    },
  };
}
