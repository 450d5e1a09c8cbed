import type { Storage } from '@nuvatra/core';
import { clerkActor, type EventContext, type EventOutcome } from './events.js';
import { toInvitedMembership, toUserInput } from './map.js';
import type { ClerkUser } from './schemas.js';

// Users belong to no tenant, so their events are recorded in the global receipts, after they are applied: applying
// one twice changes nothing, and a failure leaves no receipt to stop Svix's retry.

/**
 * `user.created` / `user.updated`: the user's email, name and avatar. A user who signed up through one of our
 * invitations carries its tenant in public metadata (only the backend can write there) and becomes its member.
 */
export async function syncUser(user: ClerkUser, { storage, messageId }: EventContext): Promise<EventOutcome> {
  // A replay of an event already applied must not write the user again: an old `user.updated` replayed inside
  // Svix's tolerance would otherwise overwrite newer data.
  if (await storage.globalReceipts.has({ provider: 'clerk', eventId: messageId })) return { duplicate: true };
  const input = toUserInput(user);
  await storage.users.upsert(input);
  const invited = toInvitedMembership(user);
  if (invited) await joinInvitedTenant(storage, { userId: user.id, email: input.email ?? null, ...invited });
  return storage.globalReceipts.record({ provider: 'clerk', eventId: messageId });
}

async function joinInvitedTenant(
  storage: Storage,
  invited: { userId: string; email: string | null; tenantId: string; role: 'owner' | 'admin' | 'member' },
): Promise<void> {
  // A tenant discarded since the invitation was sent promised nothing that can be kept.
  if (!(await storage.tenants.get(invited.tenantId))) return;
  await storage.withTenant(invited.tenantId, async (scope) => {
    if (await scope.members.get(invited.userId)) return;
    await scope.members.add({ userId: invited.userId, email: invited.email, role: invited.role });
    await scope.auditEvents.record({
      actor: clerkActor,
      action: 'member.added',
      target: invited.userId,
      detail: { role: invited.role, via: 'invitation' },
    });
  });
}

/** `user.deleted`: the user is marked deleted; the row stays so audit records keep their meaning. */
export async function deleteUser(deleted: { id: string }, { storage, messageId }: EventContext): Promise<EventOutcome> {
  if (await storage.globalReceipts.has({ provider: 'clerk', eventId: messageId })) return { duplicate: true };
  await storage.users.markDeleted(deleted.id);
  return storage.globalReceipts.record({ provider: 'clerk', eventId: messageId });
}
