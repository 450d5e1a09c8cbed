import { defineJob, isNuvatraError, NuvatraError, type Storage, type Tenant } from '@nuvatra/core';
import { z } from 'zod';
import { clerkActor, type EventContext, type EventOutcome, onceInTenant } from './events.js';
import { organizationKey, toTenantSlug } from './map.js';
import { type ClerkOrganization, organizationSchema } from './schemas.js';

/**
 * `organization.created` (and `.updated` of an organisation we have no tenant for): a tenant linked to the
 * organisation by its external id, set up with its name, and its creator as owner. Linking by external id makes it
 * once-only: a second delivery, or a concurrent one, finds the tenant and only renames it.
 */
export async function upsertOrganization(
  organization: ClerkOrganization,
  context: EventContext,
): Promise<EventOutcome> {
  const { storage } = context;
  const existing = await storage.routing.tenantIdByExternalId(organizationKey, organization.id);
  if (existing) return renameTenant(existing, organization, context);
  const tenant = await createLinkedTenant(storage, organization);
  if (!tenant) {
    const winner = await storage.routing.tenantIdByExternalId(organizationKey, organization.id);
    if (winner) return renameTenant(winner, organization, context);
    throw new NuvatraError({
      code: 'INTERNAL',
      message: `The tenant of organisation ${organization.id} was neither created nor found.`,
    });
  }
  const creator = organization.created_by ? await storage.users.get(organization.created_by) : null;
  try {
    await onceInTenant(context, tenant.id, async (scope) => {
      await scope.config.put(context.services.initialConfig(tenant.name));
      if (organization.created_by) {
        await scope.members.add({ userId: organization.created_by, role: 'owner', email: creator?.email ?? null });
      }
      await scope.auditEvents.record({
        actor: clerkActor,
        action: 'tenant.created',
        target: tenant.id,
        detail: { organizationId: organization.id },
      });
    });
  } catch (error) {
    // No half-made tenant: Svix delivers the event again and it starts over.
    await storage.tenants.discard(tenant.id);
    throw error;
  }
  await context.services.tenantCreated(tenant);
  return { duplicate: false };
}

/** Creates the tenant, choosing another slug when the organisation's is taken; null when another delivery won. */
async function createLinkedTenant(storage: Storage, organization: ClerkOrganization): Promise<Tenant | null> {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await storage.tenants.create({
        slug: toTenantSlug(organization, attempt),
        name: organization.name.trim().slice(0, 200) || organization.id,
        externalIds: { [organizationKey]: organization.id },
      });
    } catch (error) {
      if (!isNuvatraError(error, 'CONFLICT')) throw error;
      // The external id is taken: a concurrent delivery created the tenant. Otherwise it was the slug.
      if (await storage.routing.tenantIdByExternalId(organizationKey, organization.id)) return null;
    }
  }
  throw new NuvatraError({
    code: 'INTERNAL',
    message: `No free tenant slug for organisation ${organization.id} after 4 attempts.`,
  });
}

function renameTenant(tenantId: string, organization: ClerkOrganization, context: EventContext) {
  return onceInTenant(context, tenantId, async (scope) => {
    const name = organization.name.trim().slice(0, 200);
    if (!name || name === scope.tenant.name) return;
    await context.storage.tenants.update(tenantId, { name });
    await scope.auditEvents.record({
      actor: clerkActor,
      action: 'tenant.updated',
      target: tenantId,
      detail: { name, organizationId: organization.id },
    });
  });
}

/**
 * `organization.deleted`: the tenant is suspended, not deleted. Its data stays for the deployment's admins, and its
 * members are refused with TENANT_SUSPENDED; an admin may reactivate it.
 */
export async function suspendOrganization(deleted: { id: string }, context: EventContext): Promise<EventOutcome> {
  const { storage, messageId } = context;
  const tenantId = await storage.routing.tenantIdByExternalId(organizationKey, deleted.id);
  if (!tenantId) return storage.globalReceipts.record({ provider: 'clerk', eventId: messageId });
  return onceInTenant(context, tenantId, async (scope) => {
    if (scope.tenant.status === 'suspended') return;
    await storage.tenants.update(tenantId, { status: 'suspended' });
    await scope.auditEvents.record({
      actor: clerkActor,
      action: 'tenant.suspended',
      target: tenantId,
      detail: { reason: 'organization deleted in Clerk', organizationId: deleted.id },
    });
  });
}

/**
 * `organization.created` as background work, when the deployment has a job queue: creating the tenant can mean
 * creating its database (database per tenant), too slow for the few seconds Svix waits. The webhook acknowledges
 * once the job is stored (keyed by the organisation, so a redelivery enqueues nothing); the job applies the event
 * exactly as the webhook would, its Svix message id still the receipt. Global: the tenant does not exist yet.
 */
export const provisionOrganizationJob = defineJob({
  name: 'clerk.provision-organization',
  global: true,
  payload: z.object({ organization: organizationSchema, messageId: z.string().min(1) }),
  maxAttempts: 8,
  backoffMs: 30_000,
  async handle({ payload, storage, services }) {
    await upsertOrganization(payload.organization, { storage, services, messageId: payload.messageId });
  },
});
