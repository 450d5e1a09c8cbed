import { randomBytes } from 'node:crypto';
import { type RecordedRequest, startFakeJsonApi } from '../../../test-support/fake-json-api.js';

export type { RecordedRequest };

// Test-only: Clerk's Backend API as an in-process HTTP server on loopback, the only thing these tests fake.
// @clerk/backend is pointed at it with `apiUrl`; everything between the SDK and our code is real. Answers follow
// Clerk's Backend API reference: invitations (create, revoke), the instance JWKS, and its error shape
// `{ errors: [{ code, message, long_message }], clerk_trace_id }`.

/** Made per run: the fake accepts only this key, and no real-looking key sits in the repository. */
export const secretKey = `sk_test_${randomBytes(24).toString('hex')}`;

export interface FakeClerk {
  url: string;
  requests: RecordedRequest[];
  /** Answers the next requests with this Clerk error instead. */
  failWith(status: number, code: string, message: string): void;
}

export async function startFakeClerk(options: { jwks?: Record<string, unknown>[] } = {}): Promise<FakeClerk> {
  const requests: RecordedRequest[] = [];
  const invitations = new Map<string, Record<string, unknown>>();
  let failure: { status: number; code: string; message: string } | null = null;

  const answer = (request: RecordedRequest): { status: number; body: unknown } => {
    if (request.headers.authorization !== `Bearer ${secretKey}`) {
      return clerkError(401, 'authentication_invalid', 'The provided secret key is invalid.');
    }
    if (failure) return clerkError(failure.status, failure.code, failure.message);
    if (request.method === 'GET' && request.path === '/v1/jwks')
      return { status: 200, body: { keys: options.jwks ?? [] } };
    if (request.method === 'POST' && request.path === '/v1/invitations') {
      const now = Date.now();
      const invitation = {
        object: 'invitation',
        id: `inv_${(invitations.size + 1).toString().padStart(27, '0')}`,
        email_address: request.body.email_address,
        public_metadata: request.body.public_metadata ?? {},
        revoked: false,
        status: 'pending',
        url: `https://accounts.nuvatra.example/v1/tickets/accept?ticket=ticket_${invitations.size + 1}`,
        expires_at: now + 30 * 24 * 3600 * 1000,
        created_at: now,
        updated_at: now,
      };
      invitations.set(invitation.id, invitation);
      return { status: 200, body: invitation };
    }
    const revoke = /^\/v1\/invitations\/([^/]+)\/revoke$/.exec(request.path);
    if (request.method === 'POST' && revoke) {
      const invitation = invitations.get(revoke[1] ?? '');
      if (!invitation) return clerkError(404, 'resource_not_found', 'Resource not found');
      if (invitation.status !== 'pending') {
        return clerkError(400, 'invitation_already_revoked', 'This invitation has already been revoked.');
      }
      Object.assign(invitation, { revoked: true, status: 'revoked', updated_at: Date.now() });
      return { status: 200, body: invitation };
    }
    return clerkError(404, 'resource_not_found', 'Resource not found');
  };

  // @clerk/backend parses a body as JSON only when Content-Type is exactly application/json, as Clerk sends it.
  const { url } = await startFakeJsonApi(
    (request) => {
      requests.push(request);
      return answer(request);
    },
    { contentType: 'application/json' },
  );
  return {
    url,
    requests,
    failWith(status, code, message) {
      failure = { status, code, message };
    },
  };
}

function clerkError(status: number, code: string, message: string) {
  return {
    status,
    body: { errors: [{ code, message, long_message: `${message} (${code})`, meta: {} }], clerk_trace_id: 'trace_fake' },
  };
}
