import type { Principal } from '../resolve/types.js';

/**
 * Proves who is calling. `authenticate` answers the principal, `null` when the request carries no credentials
 * this provider understands (so the next provider may try), and throws UNAUTHENTICATED when it carries
 * credentials of this provider that do not verify.
 */
export interface AuthProvider {
  readonly name: string;
  authenticate(request: Request): Promise<Principal | null>;
  /** Sends an invitation to a tenant's first user, for providers that can (Clerk). */
  invite?(input: { tenantId: string; email: string; role: 'owner' | 'admin' | 'member' }): Promise<{ id: string }>;
  /** Withdraws an invitation that was not accepted yet. */
  revokeInvitation?(invitationId: string): Promise<void>;
}
