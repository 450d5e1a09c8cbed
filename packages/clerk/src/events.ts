import { type Actor, type NuvatraServices, parseOrThrow, type Storage, type TenantScope } from '@nuvatra/core';
import type { z } from 'zod';
import { removeMembership, syncMembership } from './memberships.js';
import { suspendOrganization, upsertOrganization } from './organizations.js';
import { deletedObjectSchema, membershipSchema, organizationSchema, userSchema } from './schemas.js';
import { deleteUser, syncUser } from './users.js';

/** What an event handler works with: storage, and the Svix message id that is the event's receipt. */
export interface EventContext {
  storage: Storage;
  services: NuvatraServices;
  messageId: string;
}

/** `duplicate`: the event had been applied before, so nothing changed. */
export type EventOutcome = { duplicate: boolean };

/** Audit records of changes Clerk's events make. */
export const clerkActor: Actor = { type: 'provider', id: 'clerk' };

/**
 * Records the event in the tenant's receipts, in the transaction of the change it makes: a change that fails leaves
 * no receipt (Svix's retry runs it again), and an event applied before is skipped (a late retry cannot undo a newer
 * change).
 */
export async function onceInTenant(
  { storage, messageId }: EventContext,
  tenantId: string,
  apply: (scope: TenantScope) => Promise<void>,
): Promise<EventOutcome> {
  return storage.withTenant(tenantId, async (scope) => {
    const { duplicate } = await scope.webhookReceipts.record({ provider: 'clerk', eventId: messageId });
    if (!duplicate) await apply(scope);
    return { duplicate };
  });
}

type EventHandler = (data: unknown, context: EventContext) => Promise<EventOutcome>;

const parsed =
  <S extends z.ZodType>(
    schema: S,
    what: string,
    handle: (data: z.output<S>, context: EventContext) => Promise<EventOutcome>,
  ): EventHandler =>
  (data, context) =>
    handle(parseOrThrow(schema, data, what), context);

/** The Clerk events this plugin applies; any other type is acknowledged and left alone. */
export const eventHandlers: ReadonlyMap<string, EventHandler> = new Map([
  ['organization.created', parsed(organizationSchema, 'organization', upsertOrganization)],
  ['organization.updated', parsed(organizationSchema, 'organization', upsertOrganization)],
  ['organization.deleted', parsed(deletedObjectSchema, 'deleted organization', suspendOrganization)],
  ['user.created', parsed(userSchema, 'user', syncUser)],
  ['user.updated', parsed(userSchema, 'user', syncUser)],
  ['user.deleted', parsed(deletedObjectSchema, 'deleted user', deleteUser)],
  ['organizationMembership.created', parsed(membershipSchema, 'organization membership', syncMembership)],
  ['organizationMembership.updated', parsed(membershipSchema, 'organization membership', syncMembership)],
  ['organizationMembership.deleted', parsed(membershipSchema, 'organization membership', removeMembership)],
]);
