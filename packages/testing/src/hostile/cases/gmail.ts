import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNothingWritten, expectWrites, type Hostile, refusalCase, send, tenantsOf } from '../context.js';
import type { HostileGoogle, HostileTenant } from '../options.js';
import { memberOf } from '../sign.js';
import { accountOf, connectGoogle, googleOf } from './oauth.js';

type Push = NonNullable<HostileGoogle['gmail']>['push'];

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const seconds = () => Math.floor(Date.now() / 1000);

let foreignKey: KeyObject | undefined;
/** An RSA key Google never published (generated once per run). */
function unknownKey(): KeyObject {
  foreignKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return foreignKey;
}

function pushOf(hostile: Hostile): Push {
  const push = googleOf(hostile).gmail?.push;
  if (!push) throw new Error('runHostileSuite: options.google.gmail is set, but target.google.gmail is not.');
  return push;
}

/** A Pub/Sub push OIDC token: Google's claims for the configured subscription, then `claims` over them. */
function pushToken(
  hostile: Hostile,
  claims: Record<string, unknown> = {},
  options: { key?: KeyObject; kid?: string } = {},
): string {
  const push = pushOf(hostile);
  const header = { alg: 'RS256', kid: options.kid ?? push.kid, typ: 'JWT' };
  const body = {
    iss: 'https://accounts.google.com',
    aud: push.audience,
    azp: '104729111111111111111',
    sub: '104729111111111111111',
    email: push.serviceAccountEmail,
    email_verified: true,
    iat: seconds() - 1,
    exp: seconds() + 3600,
    ...claims,
  };
  const input = `${base64url(header)}.${base64url(body)}`;
  return `${input}.${sign('sha256', Buffer.from(input), options.key ?? push.privateKey).toString('base64url')}`;
}

/** Pub/Sub's push body for a Gmail notification about `emailAddress`. */
function pushBody(emailAddress: string, historyId: string, messageId = randomBytes(8).toString('hex')): string {
  return JSON.stringify({
    message: {
      data: Buffer.from(JSON.stringify({ emailAddress, historyId })).toString('base64'),
      messageId,
      message_id: messageId,
      publishTime: new Date().toISOString(),
    },
    subscription: 'projects/nuvatra-hostile/subscriptions/gmail-push',
  });
}

function postPush(hostile: Hostile, body: string, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return send(hostile, pushOf(hostile).path, { method: 'POST', headers, body });
}

async function conversationsOf(hostile: Hostile, tenant: HostileTenant) {
  const response = await send(hostile, '/api/conversations?limit=100', { headers: memberOf(hostile, tenant) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: Array<Record<string, unknown>> }).items;
}

/**
 * Gmail's Pub/Sub push (`@nuvatra/gmail`): its OIDC token is checked (signature by Google's published key, issuer,
 * audience, expiry, service account, verified email) before the body is read; a notification lands in the tenant
 * that connected the address, once per Pub/Sub message id, and in no other tenant.
 */
export function gmailPushCases(hostile: Hostile): void {
  const unauthenticated = { status: 401, code: 'UNAUTHENTICATED' } as const;
  const forbidden = { status: 403, code: 'FORBIDDEN' } as const;
  const toA = () => pushBody(accountOf(tenantsOf(hostile).a), '1001');

  describe('gmail push', () => {
    // Both tenants connect their inbox through the OAuth flow: pushes for each address route to its tenant.
    beforeAll(async () => {
      const { a, b } = tenantsOf(hostile);
      await connectGoogle(hostile, 'gmail', a, accountOf(a));
      await connectGoogle(hostile, 'gmail', b, accountOf(b));
    });

    refusalCase(hostile, 'gmail push: no Authorization', unauthenticated, () => postPush(hostile, toA(), null));
    refusalCase(hostile, 'gmail push: a bearer that is not a JWT', unauthenticated, () =>
      postPush(hostile, toA(), 'not-a-jwt'),
    );
    refusalCase(
      hostile,
      "gmail push: signed by a key Google never published, under Google's key id",
      unauthenticated,
      () => postPush(hostile, toA(), pushToken(hostile, {}, { key: unknownKey() })),
    );
    refusalCase(hostile, 'gmail push: signed by an unknown key under an unknown key id', unauthenticated, () =>
      postPush(hostile, toA(), pushToken(hostile, {}, { key: unknownKey(), kid: randomBytes(8).toString('hex') })),
    );
    refusalCase(hostile, "gmail push: Google's key, another audience", unauthenticated, () =>
      postPush(hostile, toA(), pushToken(hostile, { aud: 'https://attacker.example/push' })),
    );
    refusalCase(hostile, "gmail push: Google's key, another issuer", unauthenticated, () =>
      postPush(hostile, toA(), pushToken(hostile, { iss: 'https://issuer.attacker.example' })),
    );
    refusalCase(hostile, "gmail push: Google's key, another service account", forbidden, () =>
      postPush(hostile, toA(), pushToken(hostile, { email: 'someone@attacker-project.iam.gserviceaccount.com' })),
    );
    refusalCase(hostile, "gmail push: Google's key, expired an hour ago", unauthenticated, () =>
      postPush(hostile, toA(), pushToken(hostile, { iat: seconds() - 7200, exp: seconds() - 3600 })),
    );
    refusalCase(hostile, "gmail push: Google's key, email_verified false", forbidden, () =>
      postPush(hostile, toA(), pushToken(hostile, { email_verified: false })),
    );
    refusalCase(hostile, 'gmail push: a good token on a body that is not JSON', { status: 400 }, () =>
      postPush(hostile, '{"message": {"data": ', pushToken(hostile)),
    );
    refusalCase(
      hostile,
      'gmail push: a good token on data that is not base64 JSON',
      { status: 400, code: 'VALIDATION_FAILED' },
      () =>
        postPush(
          hostile,
          JSON.stringify({ message: { data: '%%%', messageId: '1' }, subscription: 'projects/p/subscriptions/s' }),
          pushToken(hostile),
        ),
    );

    it('gmail push: a good token for an address no tenant connected → 204, only an unrouted-log row written', () =>
      expectWrites(hostile, ['unrouted'], async () => {
        const response = await postPush(hostile, pushBody('stranger@elsewhere.example', '1001'), pushToken(hostile));
        expect(response.status).toBe(204);
        await response.arrayBuffer();
      }));

    it("gmail push: a good token for A's address → 204, the mail lands in A only (B's conversations unchanged)", async () => {
      const { a, b } = tenantsOf(hostile);
      const push = pushOf(hostile);
      const before = { a: await conversationsOf(hostile, a), b: await conversationsOf(hostile, b) };
      const sender = `parent.${randomBytes(4).toString('hex')}@example.com`;
      const historyId = push.deliver(accountOf(a), {
        id: `m-${randomBytes(6).toString('hex')}`,
        from: `Parent <${sender}>`,
        subject: 'Lessons',
        text: 'Is there room on Saturday?',
      });
      const response = await postPush(hostile, pushBody(accountOf(a), historyId), pushToken(hostile));
      expect(response.status).toBe(204);
      await response.arrayBuffer();
      await push.runJobs();
      const after = { a: await conversationsOf(hostile, a), b: await conversationsOf(hostile, b) };
      expect(after.b).toEqual(before.b);
      expect(after.a.filter((item) => item.participant === sender)).toEqual([
        expect.objectContaining({ channel: 'email', participant: sender }),
      ]);
      expect(after.a).toHaveLength(before.a.length + 1);
    });

    it('gmail push: the same Pub/Sub messageId delivered twice → 204 both times, the second writes nothing', async () => {
      const { a } = tenantsOf(hostile);
      const body = pushBody(accountOf(a), '1002', randomBytes(8).toString('hex'));
      const first = await postPush(hostile, body, pushToken(hostile));
      expect(first.status).toBe(204);
      await first.arrayBuffer();
      await pushOf(hostile).runJobs();
      await expectNothingWritten(hostile, async () => {
        const again = await postPush(hostile, body, pushToken(hostile));
        expect(again.status).toBe(204);
        await again.arrayBuffer();
      });
    });
  });
}
