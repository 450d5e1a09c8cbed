import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expectNothingWritten, type Hostile, refusalCase, tenantsOf } from '../context.js';
import {
  clerkUserCreated,
  foreignSvixSecret,
  postClerk,
  postVapi,
  svixHeaders,
  vapiMessage,
  vapiSecret,
} from '../sign.js';

const minutes = (count: number) => count * 60_000;

/** Vapi server messages: wrong or missing secret, duplicated reports, and metadata that claims another tenant. */
export function vapiCases(hostile: Hostile): void {
  const reportOnA = () => vapiMessage({ vapiCallId: randomUUID(), to: tenantsOf(hostile).a.number });

  describe('vapi', () => {
    refusalCase(hostile, 'vapi: no server secret at all', { status: 401, code: 'UNAUTHENTICATED' }, () =>
      postVapi(hostile, reportOnA(), {}),
    );
    refusalCase(hostile, 'vapi: a wrong X-Vapi-Secret', { status: 403, code: 'INVALID_SIGNATURE' }, () =>
      postVapi(hostile, reportOnA(), { 'x-vapi-secret': randomUUID() }),
    );
    refusalCase(hostile, 'vapi: a wrong Bearer token', { status: 403, code: 'INVALID_SIGNATURE' }, () =>
      postVapi(hostile, reportOnA(), { authorization: `Bearer ${randomUUID()}` }),
    );
    refusalCase(
      hostile,
      'vapi: the server secret with one character changed',
      { status: 403, code: 'INVALID_SIGNATURE' },
      () => {
        const secret = hostile.target.providers.vapi.serverSecret;
        const changed = `${secret.slice(0, -1)}${secret.endsWith('0') ? '1' : '0'}`;
        return postVapi(hostile, reportOnA(), { 'x-vapi-secret': changed });
      },
    );
    refusalCase(
      hostile,
      'vapi: the right secret on a body that is not JSON',
      { status: 400, code: 'INVALID_JSON' },
      () => postVapi(hostile, '{"message": {"type": "end-of-call-report",', vapiSecret(hostile)),
    );
    refusalCase(
      hostile,
      'vapi: the right secret on a report without a call id',
      { status: 400, code: 'VALIDATION_FAILED' },
      () => postVapi(hostile, { message: { type: 'end-of-call-report', call: {} } }, vapiSecret(hostile)),
    );

    it("vapi: the same end-of-call report delivered twice → 200 both times, stored once under the number's tenant", async () => {
      const report = reportOnA();
      const first = await postVapi(hostile, report, vapiSecret(hostile));
      expect(first.status).toBe(200);
      await first.text();
      await expectNothingWritten(hostile, async () => {
        const again = await postVapi(hostile, report, vapiSecret(hostile));
        expect(again.status).toBe(200);
        await again.text();
      });
    });

    refusalCase(
      hostile,
      "vapi: a report on A's number whose metadata names B's call but not this Vapi call",
      { status: 403, code: 'FORBIDDEN', writes: ['audit', 'unrouted'] },
      () => {
        const { a, b } = tenantsOf(hostile);
        const metadata = { tenantId: b.id, callId: b.records.call.id };
        return postVapi(
          hostile,
          vapiMessage({ vapiCallId: randomUUID(), to: a.number, metadata }),
          vapiSecret(hostile),
        );
      },
    );
    refusalCase(
      hostile,
      "vapi: A's own Vapi call reported with metadata claiming tenant B and A's call id",
      { status: 403, code: 'FORBIDDEN', writes: ['audit', 'unrouted'] },
      () => {
        const { a, b } = tenantsOf(hostile);
        const metadata = { tenantId: b.id, callId: a.records.call.id };
        const message = vapiMessage({ vapiCallId: a.records.call.vapiCallId, to: a.number, metadata });
        return postVapi(hostile, message, vapiSecret(hostile));
      },
    );
    refusalCase(
      hostile,
      "vapi: assistant metadata names A's call, assistantOverrides claim B's (copies disagree)",
      { status: 403, code: 'FORBIDDEN', writes: ['audit', 'unrouted'] },
      () => {
        const { a, b } = tenantsOf(hostile);
        const message = vapiMessage({
          vapiCallId: a.records.call.vapiCallId,
          to: a.number,
          metadata: { tenantId: a.id, callId: a.records.call.id },
          call: { assistantOverrides: { metadata: { tenantId: b.id, callId: b.records.call.id } } },
        });
        return postVapi(hostile, message, vapiSecret(hostile));
      },
    );
    refusalCase(
      hostile,
      'vapi: metadata naming a tenant that does not exist',
      { status: 403, code: 'FORBIDDEN', writes: ['unrouted'] },
      () => {
        const { a } = tenantsOf(hostile);
        const metadata = { tenantId: 'tnt_00000000000000000000000000', callId: a.records.call.id };
        return postVapi(
          hostile,
          vapiMessage({ vapiCallId: randomUUID(), to: a.number, metadata }),
          vapiSecret(hostile),
        );
      },
    );
    refusalCase(
      hostile,
      "vapi: a status update whose metadata names B's call from another Vapi call",
      { status: 403, code: 'FORBIDDEN', writes: ['audit', 'unrouted'] },
      () => {
        const { b } = tenantsOf(hostile);
        const metadata = { tenantId: b.id, callId: b.records.call.id };
        const message = vapiMessage({ type: 'status-update', vapiCallId: randomUUID(), metadata });
        return postVapi(hostile, message, vapiSecret(hostile));
      },
    );
  });
}

/** Clerk webhooks through Svix: forged, stale, tampered and replayed events. */
export function clerkCases(hostile: Hostile): void {
  const invalid = { status: 403, code: 'INVALID_SIGNATURE' } as const;
  describe('clerk (svix)', () => {
    refusalCase(hostile, 'clerk: no svix headers', invalid, () =>
      postClerk(hostile, clerkUserCreated(), { 'content-type': 'application/json' }),
    );
    refusalCase(hostile, 'clerk: signed with another endpoint secret', invalid, () => {
      const body = clerkUserCreated();
      return postClerk(hostile, body, svixHeaders(hostile, body, { secret: foreignSvixSecret() }));
    });
    refusalCase(hostile, 'clerk: a genuine signature 10 minutes old (past the 5-minute tolerance)', invalid, () => {
      const body = clerkUserCreated();
      return postClerk(hostile, body, svixHeaders(hostile, body, { signedAt: new Date(Date.now() - minutes(10)) }));
    });
    refusalCase(hostile, 'clerk: a genuine signature 10 minutes in the future', invalid, () => {
      const body = clerkUserCreated();
      return postClerk(hostile, body, svixHeaders(hostile, body, { signedAt: new Date(Date.now() + minutes(10)) }));
    });
    refusalCase(hostile, 'clerk: a genuine signature over another body', invalid, () => {
      const headers = svixHeaders(hostile, clerkUserCreated());
      return postClerk(hostile, clerkUserCreated(), headers);
    });
    refusalCase(hostile, "clerk: a genuine signature sent with another message's svix-id", invalid, () => {
      const body = clerkUserCreated();
      return postClerk(hostile, body, { ...svixHeaders(hostile, body), 'svix-id': 'msg_replayed0000000000000000' });
    });
    refusalCase(hostile, 'clerk: a body that is not UTF-8', invalid, () => {
      const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
      const headers = svixHeaders(hostile, Buffer.from(bytes).toString('latin1'));
      return postClerk(hostile, bytes, headers);
    });

    it('clerk: the same svix-id replayed with its genuine signature → 200 duplicate: true (Svix stops retrying)', async () => {
      const body = clerkUserCreated();
      const headers = svixHeaders(hostile, body);
      const first = await postClerk(hostile, body, headers);
      expect(first.status).toBe(200);
      expect(await first.json()).toMatchObject({ handled: true, duplicate: false });
      const replayed = await postClerk(hostile, body, headers);
      expect(replayed.status).toBe(200);
      expect(await replayed.json()).toMatchObject({ handled: true, duplicate: true });
    });
    it('clerk: the same user.created svix-id replayed → 200 duplicate: true, nothing written (the user is not rewritten)', async () => {
      const body = clerkUserCreated();
      const headers = svixHeaders(hostile, body);
      expect((await postClerk(hostile, body, headers)).status).toBe(200);
      await expectNothingWritten(hostile, async () => {
        const replayed = await postClerk(hostile, body, headers);
        expect(replayed.status).toBe(200);
        expect(await replayed.json()).toMatchObject({ handled: true, duplicate: true });
      });
    });
  });
}
