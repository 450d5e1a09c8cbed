import { idSchema, type MemberRole, type Principal, tenantSlugSchema, type UpsertUserInput } from '@nuvatra/core';
import { z } from 'zod';
import type { ClerkMembership, ClerkOrganization, ClerkUser, SessionClaims } from './schemas.js';

// Clerk's wire shapes → Nuvatra's domain, in one place. Pure functions: no I/O.

/** The external-id key that ties a tenant to its Clerk organisation (core's principal resolver reads it). */
export const organizationKey = 'clerk_org';

/** Keys an invitation writes into `public_metadata`; Clerk copies them to the user who signs up with it. */
export const invitationMetadataKeys = { tenantId: 'tenant_id', role: 'tenant_role' } as const;

/**
 * A verified session token as a principal. The claims are kept whole, so core's resolver reads the tenant claim
 * wherever `CLERK_TENANT_CLAIM` says; the active organisation comes from v2's `o` or v1's `org_*` claims.
 */
export function toPrincipal(claims: SessionClaims, adminUserIds: ReadonlySet<string>): Principal {
  const v2 = claims.v === 2;
  const organizationId = (v2 ? claims.o?.id : claims.org_id) ?? null;
  const role = v2 ? claims.o?.rol : claims.org_role;
  return {
    kind: 'user',
    userId: claims.sub,
    claims,
    organizationId,
    organizationRole: organizationId && role ? withoutOrgPrefix(role) : null,
    actor: claims.act ? { userId: claims.act.sub } : null,
    tenant: null,
    isGlobalAdmin: adminUserIds.has(claims.sub),
  };
}

function withoutOrgPrefix(role: string): string {
  return role.startsWith('org:') ? role.slice('org:'.length) : role;
}

/**
 * A Clerk organisation role as a tenant member's role. The organisation's creator owns the tenant whatever Clerk
 * calls their role; `org:admin` (legacy `admin`) administers it; every other role, custom ones included, is a
 * plain member, so a role Clerk adds later grants nothing by surprise.
 */
export function toMemberRole(clerkRole: string, isCreator: boolean): MemberRole {
  if (isCreator) return 'owner';
  return withoutOrgPrefix(clerkRole) === 'admin' ? 'admin' : 'member';
}

const emailSchema = z.email();
const imageUrlSchema = z.url({ protocol: /^https?$/ });

/** An email address we can store, or null (member identifiers may be phone numbers or usernames). */
export function toEmail(value: string | null | undefined): string | null {
  return value && emailSchema.safeParse(value).success ? value : null;
}

/** A Clerk user as the user row core keeps: primary email, display name, avatar. */
export function toUserInput(user: ClerkUser): UpsertUserInput {
  const primary =
    user.email_addresses.find((address) => address.id === user.primary_email_address_id) ?? user.email_addresses[0];
  const fullName = [user.first_name, user.last_name].filter((part) => part?.trim()).join(' ');
  const name = (fullName || user.username || '').trim().slice(0, 200);
  return {
    id: user.id,
    email: toEmail(primary?.email_address),
    name: name || null,
    imageUrl: user.image_url && imageUrlSchema.safeParse(user.image_url).success ? user.image_url : null,
  };
}

/** The tenant membership an invitation promised, read from the user's (backend-only) public metadata. */
export function toInvitedMembership(user: ClerkUser): { tenantId: string; role: MemberRole } | null {
  const metadata = user.public_metadata ?? {};
  const tenantId = metadata[invitationMetadataKeys.tenantId];
  if (typeof tenantId !== 'string' || !idSchema.safeParse(tenantId).success) return null;
  const role = metadata[invitationMetadataKeys.role];
  return { tenantId, role: role === 'owner' || role === 'admin' ? role : 'member' };
}

/** What an invitation carries for the tenant it invites to. */
export function toInvitationMetadata(tenantId: string, role: MemberRole): Record<string, string> {
  return { [invitationMetadataKeys.tenantId]: tenantId, [invitationMetadataKeys.role]: role };
}

/**
 * The tenant slug for an organisation: its Clerk slug (or name) reduced to lowercase letters, digits and inner
 * hyphens; `attempt` > 0 adds a short random suffix after a collision.
 */
export function toTenantSlug(organization: Pick<ClerkOrganization, 'slug' | 'name'>, attempt = 0): string {
  const base =
    (organization.slug || organization.name)
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/, '') || 'organization';
  const slug = attempt === 0 ? base : `${base}-${crypto.randomUUID().slice(0, 6)}`;
  return tenantSlugSchema.parse(slug);
}

/** The member row a membership event describes. */
export function toMember(membership: ClerkMembership) {
  const userId = membership.public_user_data.user_id;
  return {
    userId,
    email: toEmail(membership.public_user_data.identifier),
    role: toMemberRole(membership.role, membership.organization.created_by === userId),
  };
}
