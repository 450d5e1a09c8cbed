import { createHttpError, type Storage } from '@nuvatra/core';
import { clerkActor, type EventContext, type EventOutcome, onceInTenant } from './events.js';
import { organizationKey, toMember } from './map.js';
import type { ClerkMembership } from './schemas.js';

/**
 * The tenant of a membership's organisation. Svix does not promise order: a membership may arrive before its
 * organisation's `organization.created`. Then the answer is 409 with nothing recorded, so Svix delivers it again
 * (after 5 s, 5 min, 30 min, …) and it applies once the tenant exists.
 */
async function tenantOfOrganization(storage: Storage, organizationId: string): Promise<string> {
  const tenantId = await storage.routing.tenantIdByExternalId(organizationKey, organizationId);
  if (tenantId) return tenantId;
  throw createHttpError(
    'CONFLICT',
    `Organisation ${organizationId} has no tenant yet (its organization.created event has not been applied); Svix will deliver this event again.`,
  );
}

/**
 * `organizationMembership.created` / `.updated`: the user becomes a member of the organisation's tenant with the
 * role Clerk gives them (`org:admin` → admin, any other → member). The organisation's creator is the owner and
 * stays so, whatever role Clerk reports for them.
 */
export async function syncMembership(membership: ClerkMembership, context: EventContext): Promise<EventOutcome> {
  const tenantId = await tenantOfOrganization(context.storage, membership.organization.id);
  const member = toMember(membership);
  return onceInTenant(context, tenantId, async (scope) => {
    const current = await scope.members.get(member.userId);
    if (!current) {
      await scope.members.add(member);
      await scope.auditEvents.record({
        actor: clerkActor,
        action: 'member.added',
        target: member.userId,
        detail: { role: member.role, clerkRole: membership.role },
      });
      return;
    }
    if (current.role === 'owner' || current.role === member.role) return;
    await scope.members.setRole(member.userId, member.role);
    await scope.auditEvents.record({
      actor: clerkActor,
      action: 'member.role_changed',
      target: member.userId,
      detail: { from: current.role, to: member.role, clerkRole: membership.role },
    });
  });
}

/** `organizationMembership.deleted`: the user leaves the organisation's tenant. */
export async function removeMembership(membership: ClerkMembership, context: EventContext): Promise<EventOutcome> {
  const tenantId = await tenantOfOrganization(context.storage, membership.organization.id);
  const userId = membership.public_user_data.user_id;
  return onceInTenant(context, tenantId, async (scope) => {
    if (!(await scope.members.get(userId))) return;
    await scope.members.remove(userId);
    await scope.auditEvents.record({ actor: clerkActor, action: 'member.removed', target: userId });
  });
}
