import { createClerkClient } from '@clerk/backend';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { createHttpError, type MemberRole, NuvatraError } from '@nuvatra/core';
import { toInvitationMetadata } from './map.js';
import type { ClerkAuthConfig } from './options.js';

export interface InviteInput {
  tenantId: string;
  email: string;
  role: MemberRole;
}

/**
 * Clerk's invitations through its Backend API (the official SDK). An invitation carries the tenant in its public
 * metadata, which Clerk copies to the user who signs up with it; the session token then names the tenant.
 */
export function createInvitationsClient(config: ClerkAuthConfig & { secretKey: string }) {
  const clerk = createClerkClient({ secretKey: config.secretKey, ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}) });
  const [frontend] = config.frontendUrl;
  const redirectUrl = frontend ? new URL(config.invitationRedirectPath, frontend).href : undefined;
  return {
    async invite({ tenantId, email, role }: InviteInput): Promise<{ id: string }> {
      try {
        const invitation = await clerk.invitations.createInvitation({
          emailAddress: email,
          publicMetadata: toInvitationMetadata(tenantId, role),
          ...(redirectUrl ? { redirectUrl } : {}),
          notify: true,
          // Sending again (a lost email, a new tenant) is a new invitation, not an error.
          ignoreExisting: true,
        });
        return { id: invitation.id };
      } catch (error) {
        throw toClerkApiError(error, `invite ${email}`);
      }
    },
    async revokeInvitation(invitationId: string): Promise<void> {
      try {
        await clerk.invitations.revokeInvitation(invitationId);
      } catch (error) {
        throw toClerkApiError(error, `revoke invitation ${invitationId}`);
      }
    },
  };
}

/** Clerk's refusals as our codes, with Clerk's own words; Clerk unreachable stays a 500 that says so. */
function toClerkApiError(error: unknown, action: string): Error {
  if (!isClerkAPIResponseError(error) || error.status === undefined) {
    return new NuvatraError({ code: 'INTERNAL', message: `Clerk could not be reached to ${action}.`, cause: error });
  }
  const [first] = error.errors;
  const detail = first?.longMessage ?? first?.message ?? error.message;
  const because = `Clerk could not ${action} (HTTP ${error.status}): ${detail}`;
  switch (error.status) {
    case 401:
    case 403:
      return new NuvatraError({ code: 'CONFIG_INVALID', message: `${because}. Check CLERK_SECRET_KEY.`, cause: error });
    case 404:
      return createHttpError('NOT_FOUND', because, { cause: error });
    case 409:
      return createHttpError('CONFLICT', because, { cause: error });
    case 400:
    case 422:
      return createHttpError('VALIDATION_FAILED', because, { cause: error });
    default:
      return new NuvatraError({ code: 'INTERNAL', message: because, cause: error });
  }
}
