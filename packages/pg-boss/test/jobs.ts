import type { NewJob } from '@nuvatra/core';
import { expect } from 'vitest';

/** A job as core hands it to the adapter: due now, three attempts, no backoff, unless told. */
export function newJob(overrides: Partial<NewJob> = {}): NewJob {
  return {
    name: 'calls.summarise',
    tenantId: 'tenant_a',
    payload: { callId: 'call_1' },
    runAt: new Date(),
    idempotencyKey: null,
    maxAttempts: 3,
    backoffMs: 0,
    ...overrides,
  };
}

/** Polls `probe` until it answers something other than undefined (no fixed sleeps; pg-boss counts whole seconds). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    expect(Date.now(), 'condition not met in time').toBeLessThan(deadline);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
