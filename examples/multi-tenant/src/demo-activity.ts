import type { CreateIntentInput } from '@nuvatra/core';

/** What happened at a demo business before the demo starts: calls, the intents they hit, an SMS thread. */
export interface DemoActivity {
  intents: CreateIntentInput[];
  calls: DemoCall[];
  sms: DemoSmsThread;
}

export type DemoOutcome = 'booked' | 'answered' | 'message taken' | 'transferred';

export interface DemoCall {
  /** Stable within the demo: the seed stores it as the call's providerCallId, so a restart adds nothing twice. */
  key: string;
  /** How long before the seed ran the call came in, so the demo always shows the last days. */
  ago: { days: number; hours: number };
  from: string | null;
  to: string;
  /** The business's own line the call was forwarded from, when it reached the shared number. */
  forwardedFrom?: string;
  outcome: DemoOutcome;
  intent: string;
  summary: string;
  endedReason: string;
  /** The conversation, assistant first; timings are derived from the length of each line. */
  turns: ReadonlyArray<readonly ['assistant' | 'user', string]>;
  /** The booking the call made, `inDays` after the seed ran, at `hour` (UTC). */
  appointment?: {
    customerName: string;
    service?: string;
    partySize?: number;
    inDays: number;
    hour: number;
    minutes: number;
  };
}

export interface DemoSmsThread {
  participant: string;
  /** The business's number the texts go through. */
  line: string;
  /** Sent by the customer (inbound) or answered by the assistant (outbound), a few minutes apart. */
  messages: ReadonlyArray<readonly ['inbound' | 'outbound', string]>;
  ago: { days: number; hours: number };
}
