import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeLoad, runLoad, trafficKinds } from './support/load-run.js';

// A bounded load test: a few seconds of mixed traffic from 50 tenants against the example server in its own
// process (signed Twilio calls, Vapi end-of-call reports, each owner's dashboard reads). It asserts correctness
// only, never speed: no answer shows another tenant's call, every acknowledged webhook is stored once under the
// tenant it called, nothing failed. The figures are printed; `bench/src/multi-tenant-load.ts` runs it longer.
// LOAD_SEED=<seed> repeats a run's traffic mix.

const seed = Number(process.env.LOAD_SEED ?? randomInt(2 ** 31));

describe('the multi-tenant example under load', () => {
  it('keeps every tenant’s calls to itself and stores every acknowledged webhook once', {
    timeout: 120_000,
  }, async () => {
    const report = await runLoad({ seconds: 6, connections: 16, tenants: 50, seed, poolSize: 4_000 });
    for (const line of describeLoad(report)) console.log(line);

    expect(report.problems).toEqual([]);
    expect(report.total).toMatchObject({ errors: 0, timeouts: 0 });
    for (const kind of trafficKinds) {
      const figures = report.kinds.find((k) => k.kind === kind);
      expect(figures, kind).toMatchObject({ unexpected: 0, leaks: 0 });
      expect(figures?.succeeded, `${kind} answered 2xx`).toBeGreaterThan(0);
    }
    // The deliberate cross-tenant reads were made, and each was refused.
    expect(report.kinds.find((k) => k.kind === 'dashboard-get')?.deliberate).toBeGreaterThan(0);
    expect(report.stored).toEqual(report.acknowledged);
  });
});
