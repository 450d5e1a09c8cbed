import { describe, expect, it } from 'vitest';
import type { Call } from '../schemas/call.js';
import { summarizeCalls } from './stats.js';

let sequence = 0;
function call(overrides: Partial<Call> = {}): Call {
  sequence++;
  const at = overrides.createdAt ?? '2025-01-15T12:00:00.000Z';
  return {
    id: `call_${sequence}`,
    tenantId: 'ten_1',
    provider: 'twilio',
    providerCallId: `CA${sequence}`,
    direction: 'inbound',
    from: '+15551230000',
    to: '+15559870000',
    forwardedFrom: null,
    status: 'completed',
    startedAt: at,
    endedAt: at,
    durationSeconds: null,
    transcript: null,
    messages: [],
    recordingUrl: null,
    summary: null,
    outcome: null,
    endedReason: null,
    intent: null,
    cost: null,
    metadata: {},
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

const window = { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z', timezone: 'UTC' };

describe('summarizeCalls', () => {
  it('answers zeros, no average and the window for no calls', () => {
    expect(summarizeCalls([], window)).toEqual({
      ...window,
      totalCalls: 0,
      totalDurationSeconds: 0,
      averageDurationSeconds: null,
      perDay: [],
      outcomes: {},
      topIntents: [],
    });
  });

  it("buckets calls by the tenant's calendar day in its own time zone", () => {
    const calls = [
      call({ createdAt: '2025-01-15T03:00:00.000Z' }),
      call({ createdAt: '2025-01-15T04:59:59.000Z' }),
      call({ createdAt: '2025-01-15T05:00:00.000Z' }),
    ];
    expect(summarizeCalls(calls, { ...window, timezone: 'America/New_York' }).perDay).toEqual([
      { date: '2025-01-14', calls: 2 },
      { date: '2025-01-15', calls: 1 },
    ]);
    expect(summarizeCalls(calls, window).perDay).toEqual([{ date: '2025-01-15', calls: 3 }]);
  });

  it('follows daylight saving time when finding the day', () => {
    // New York is UTC-4 in July: 03:30Z is still the evening before, 04:30Z is past midnight.
    const calls = [call({ createdAt: '2025-07-04T03:30:00.000Z' }), call({ createdAt: '2025-07-04T04:30:00.000Z' })];
    expect(summarizeCalls(calls, { ...window, timezone: 'America/New_York' }).perDay).toEqual([
      { date: '2025-07-03', calls: 1 },
      { date: '2025-07-04', calls: 1 },
    ]);
  });

  it('lists the days in date order whatever the order of the calls', () => {
    const calls = ['2025-01-20', '2025-01-03', '2025-01-20', '2025-01-11'].map((date) =>
      call({ createdAt: `${date}T12:00:00.000Z` }),
    );
    expect(summarizeCalls(calls, window).perDay).toEqual([
      { date: '2025-01-03', calls: 1 },
      { date: '2025-01-11', calls: 1 },
      { date: '2025-01-20', calls: 2 },
    ]);
  });

  it('counts each outcome, falling back to the call status when there is none', () => {
    const calls = [
      call({ outcome: 'booked' }),
      call({ outcome: 'booked', status: 'failed' }),
      call({ outcome: null, status: 'no-answer' }),
      call({ outcome: null, status: 'completed' }),
    ];
    expect(summarizeCalls(calls, window).outcomes).toEqual({ booked: 2, 'no-answer': 1, completed: 1 });
  });

  it('adds up durations and averages over the calls that have one only', () => {
    const calls = [call({ durationSeconds: 30 }), call({ durationSeconds: 90 }), call({ durationSeconds: 0 }), call()];
    const stats = summarizeCalls(calls, window);
    expect(stats.totalCalls).toBe(4);
    expect(stats.totalDurationSeconds).toBe(120);
    expect(stats.averageDurationSeconds).toBe(40);
  });

  it('has no average when no call has a duration', () => {
    expect(summarizeCalls([call(), call()], window).averageDurationSeconds).toBeNull();
  });

  it('ranks intents by calls, then by name, leaving out calls without one', () => {
    const intents = ['billing', 'booking', 'booking', 'hours', 'cancel', 'cancel', null];
    const stats = summarizeCalls(
      intents.map((intent) => call({ intent })),
      window,
    );
    expect(stats.topIntents).toEqual([
      { intent: 'booking', calls: 2 },
      { intent: 'cancel', calls: 2 },
      { intent: 'billing', calls: 1 },
      { intent: 'hours', calls: 1 },
    ]);
  });

  it('keeps the ten most frequent intents', () => {
    const calls = Array.from({ length: 12 }, (_, index) =>
      Array.from({ length: index + 1 }, () => call({ intent: `intent-${String(index).padStart(2, '0')}` })),
    ).flat();
    const { topIntents } = summarizeCalls(calls, window);
    expect(topIntents).toHaveLength(10);
    expect(topIntents[0]).toEqual({ intent: 'intent-11', calls: 12 });
    expect(topIntents.at(-1)).toEqual({ intent: 'intent-02', calls: 3 });
  });

  it('reads the calls from any iterable, once', () => {
    function* generated() {
      yield call({ intent: 'booking' });
      yield call({ intent: 'booking' });
    }
    expect(summarizeCalls(generated(), window)).toMatchObject({
      totalCalls: 2,
      topIntents: [{ intent: 'booking', calls: 2 }],
    });
  });
});
