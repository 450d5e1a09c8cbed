import { afterAll, beforeAll, describe } from 'vitest';
import { authCases } from './cases/auth.js';
import { crossTenantCases } from './cases/cross-tenant.js';
import { gmailPushCases } from './cases/gmail.js';
import { injectionCases } from './cases/injection.js';
import { inputCases } from './cases/input.js';
import { type GoogleKind, oauthCases } from './cases/oauth.js';
import { twilioCases } from './cases/twilio.js';
import { clerkCases, vapiCases } from './cases/vapi-clerk.js';
import type { Hostile } from './context.js';
import { checkHostileOptions, type HostileSuiteOptions, type HostileTarget } from './options.js';

/**
 * The hostile suite: a running server attacked over real HTTP with forged, replayed, stale and duplicated provider
 * webhooks, forged and borrowed credentials, cross-tenant ids, malformed bodies and injected text. Each case names
 * the answer it expects and proves, from the `snapshot()` taken before and after, that nothing was written but
 * the audit or refusal entries it names. The cases share one server and run in order.
 */
export function runHostileSuite(options: HostileSuiteOptions): void {
  checkHostileOptions(options);
  describe(`${options.name}: hostile requests`, () => {
    // `target` is set in beforeAll, before any case reads it.
    const hostile: Hostile = { target: undefined as unknown as HostileTarget };
    beforeAll(async () => {
      hostile.target = await options.start();
    });
    afterAll(async () => {
      await hostile.target?.close();
    });
    twilioCases(hostile);
    vapiCases(hostile);
    clerkCases(hostile);
    authCases(hostile);
    crossTenantCases(hostile);
    inputCases(hostile);
    injectionCases(hostile);
    const kinds = (['calendar', 'gmail'] as const).filter(
      (kind): kind is GoogleKind => options.google?.[kind] === true,
    );
    if (kinds.length > 0) oauthCases(hostile, kinds);
    if (options.google?.gmail) gmailPushCases(hostile);
  });
}
