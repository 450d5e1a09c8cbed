import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectError, expectWrites, type Hostile, type Refusal, send, tenantsOf, writesText } from '../context.js';
import type { HostileGoogle, HostileTenant } from '../options.js';
import { bearer, memberOf, sessionClaims, signJwt } from '../sign.js';

/** A Google connection kind the server mounts: `calendar` or `gmail`. */
export type GoogleKind = 'calendar' | 'gmail';

export function googleOf(hostile: Hostile): HostileGoogle {
  const google = hostile.target.google;
  if (!google) throw new Error('runHostileSuite: options.google names Google plugins, but the target has no `google`.');
  return google;
}

export function prefixOf(hostile: Hostile, kind: GoogleKind): string {
  const plugin = googleOf(hostile)[kind];
  if (!plugin) throw new Error(`runHostileSuite: options.google.${kind} is set, but target.google.${kind} is not.`);
  return plugin.routePrefix;
}

/** The Google account a tenant connects (its inbox, for Gmail: pushes for it route to the tenant). */
export const accountOf = (tenant: HostileTenant) => `frontdesk@${tenant.slug}.hostile.example`;

/** GET {prefix}/connect as `headers`: the state sealed into the consent URL. */
export async function startConsent(hostile: Hostile, kind: GoogleKind, headers: Record<string, string>) {
  const response = await send(hostile, `${prefixOf(hostile, kind)}/connect`, { headers });
  const text = await response.text();
  expect({ status: response.status, body: text.slice(0, 300) }).toMatchObject({ status: 200 });
  const state = new URL((JSON.parse(text) as { url: string }).url).searchParams.get('state');
  expect(state, 'the consent URL carries a state').toBeTruthy();
  return state as string;
}

/** POST {prefix}/callback, as the dashboard posts Google's `code` and `state`. */
export function postCallback(
  hostile: Hostile,
  kind: GoogleKind,
  headers: Record<string, string>,
  body: Record<string, string | undefined>,
) {
  return send(hostile, `${prefixOf(hostile, kind)}/callback`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** connect → Google consent as `account` → callback: the tenant's connection of `kind`. */
export async function connectGoogle(hostile: Hostile, kind: GoogleKind, tenant: HostileTenant, account: string) {
  const state = await startConsent(hostile, kind, memberOf(hostile, tenant));
  const response = await postCallback(hostile, kind, memberOf(hostile, tenant), {
    code: googleOf(hostile).consent(account),
    state,
  });
  const text = await response.text();
  expect({ status: response.status, body: text.slice(0, 300) }).toMatchObject({ status: 200 });
  return state;
}

/** One character of a sealed state changed (not a separator, so the shape stays). */
function flipOne(state: string): string {
  let index = Math.floor(state.length / 2);
  while (!/[A-Za-z0-9]/.test(state[index] ?? '')) index += 1;
  const char = state[index] as string;
  return `${state.slice(0, index)}${char === 'A' ? 'B' : 'A'}${state.slice(index + 1)}`;
}

/**
 * A case whose request needs a consent started first (outside the snapshot): `prepare` runs before the "before"
 * snapshot and returns the request to send.
 */
function consentCase(
  hostile: Hostile,
  label: string,
  expected: Refusal,
  prepare: () => Promise<() => Promise<Response>>,
) {
  const writes = expected.writes ?? [];
  const answer = `${expected.status}${expected.code ? ` ${expected.code}` : ''}`;
  it(`${label} → ${answer}, ${writesText(writes)}`, async () => {
    const request = await prepare();
    await expectWrites(hostile, writes, async () => expectError(await request(), expected.status, expected.code));
  });
}

/**
 * The OAuth state of `@nuvatra/google` connections: sealed, single use, bound to tenant, user, kind and nonce.
 * Every refusal is audited in the signed-in tenant; one that got as far as the consent's row deletes it (used up).
 */
export function oauthCases(hostile: Hostile, kinds: readonly GoogleKind[]): void {
  for (const kind of kinds) {
    const other = kinds.find((candidate) => candidate !== kind);
    const label = (text: string) => `oauth ${kind}: ${text}`;
    const ofA = () => memberOf(hostile, tenantsOf(hostile).a);
    const consentOfA = () => startConsent(hostile, kind, ofA());
    const code = () => googleOf(hostile).consent(accountOf(tenantsOf(hostile).a));
    const invalid = { status: 400, code: 'OAUTH_STATE_INVALID', writes: ['audit'] } as const;
    const usedUp = ['audit', 'oauthState'] as const;

    describe(`google ${kind} oauth state`, () => {
      consentCase(
        hostile,
        label("A's state completed by B's signed-in member"),
        { status: 403, code: 'OAUTH_STATE_MISMATCH', writes: ['audit'] },
        async () => {
          const state = await consentOfA();
          return () => postCallback(hostile, kind, memberOf(hostile, tenantsOf(hostile).b), { code: code(), state });
        },
      );
      consentCase(
        hostile,
        label("A's state completed by another user of A"),
        { status: 403, code: 'OAUTH_STATE_MISMATCH', writes: ['audit'] },
        async () => {
          const state = await consentOfA();
          const { a } = tenantsOf(hostile);
          const colleague = bearer(
            signJwt(hostile, sessionClaims(hostile, a, { sub: `user_${randomBytes(12).toString('hex')}` })),
          );
          // Signed in once before the snapshot: a first sign-in may record the user.
          await (await send(hostile, `${prefixOf(hostile, kind)}/connection`, { headers: colleague })).text();
          return () => postCallback(hostile, kind, colleague, { code: code(), state });
        },
      );
      consentCase(hostile, label("A's state with one character changed"), invalid, async () => {
        const state = flipOne(await consentOfA());
        return () => postCallback(hostile, kind, ofA(), { code: code(), state });
      });
      consentCase(hostile, label("A's state truncated"), invalid, async () => {
        const state = (await consentOfA()).slice(0, -8);
        return () => postCallback(hostile, kind, ofA(), { code: code(), state });
      });
      if (other) {
        consentCase(hostile, label(`A's own ${other} state on the ${kind} callback`), invalid, async () => {
          const state = await startConsent(hostile, other, ofA());
          return () => postCallback(hostile, kind, ofA(), { code: code(), state });
        });
      }
      if (kind === 'calendar') {
        consentCase(
          hostile,
          label("A's state completed after it expired (the plugin's clock moved past stateTtlMs)"),
          { status: 400, code: 'OAUTH_STATE_EXPIRED', writes: usedUp },
          async () => {
            const calendar = googleOf(hostile).calendar;
            if (!calendar?.advanceClock) throw new Error('target.google.calendar.advanceClock is needed here.');
            const state = await consentOfA();
            calendar.advanceClock((calendar.stateTtlMs ?? 10 * 60_000) + 1000);
            return () => postCallback(hostile, kind, ofA(), { code: code(), state });
          },
        );
      }
      consentCase(
        hostile,
        label('a callback without a state'),
        { status: 400, code: 'VALIDATION_FAILED' },
        async () => () => postCallback(hostile, kind, ofA(), { code: code() }),
      );
      consentCase(
        hostile,
        label("A's state without a code"),
        { status: 400, code: 'OAUTH_ACCESS_DENIED', writes: usedUp },
        async () => {
          const state = await consentOfA();
          return () => postCallback(hostile, kind, ofA(), { state });
        },
      );
      consentCase(
        hostile,
        label("Google's redirect with error=access_denied (GET)"),
        { status: 400, code: 'OAUTH_ACCESS_DENIED', writes: usedUp },
        async () => {
          const state = await consentOfA();
          const query = new URLSearchParams({ error: 'access_denied', state });
          return () => send(hostile, `${prefixOf(hostile, kind)}/callback?${query}`, { headers: ofA() });
        },
      );
      consentCase(
        hostile,
        label("A's genuine state and code with no session"),
        { status: 401, code: 'UNAUTHENTICATED' },
        async () => {
          const state = await consentOfA();
          return () => postCallback(hostile, kind, {}, { code: code(), state });
        },
      );
      consentCase(
        hostile,
        label('a code Google refuses (invalid_grant)'),
        { status: 400, code: 'OAUTH_CODE_INVALID', writes: usedUp },
        async () => {
          const state = await consentOfA();
          return () =>
            postCallback(hostile, kind, ofA(), { code: `4/${randomBytes(12).toString('base64url')}`, state });
        },
      );
      it(`${label("A's state replayed after it connected")} → 409 OAUTH_STATE_USED, only an audit entry written (no second connection)`, async () => {
        const { a } = tenantsOf(hostile);
        const state = await connectGoogle(hostile, kind, a, accountOf(a));
        const connection = async () =>
          (await send(hostile, `${prefixOf(hostile, kind)}/connection`, { headers: ofA() })).json();
        const connected = await connection();
        expect(connected).toMatchObject({ connection: { email: accountOf(a), status: 'connected' } });
        await expectWrites(hostile, ['audit'], async () => {
          const replayed = await postCallback(hostile, kind, ofA(), { code: code(), state });
          await expectError(replayed, 409, 'OAUTH_STATE_USED');
        });
        expect(await connection()).toEqual(connected);
      });
    });
  }
}
