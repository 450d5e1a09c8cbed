import { z } from 'zod';
import type { AuthProvider } from '../auth/types.js';
import { createHttpError } from '../errors/errors.js';
import type { NuvatraPlugin } from '../http/plugin.js';
import { type AnyRoute, defineRoute } from '../http/route.js';
import type { Principal } from '../resolve/types.js';
import { auditEventSchema } from '../schemas/audit.js';
import { e164Schema, idSchema } from '../schemas/common.js';
import {
  createPhoneNumberInputSchema,
  createSharedNumberInputSchema,
  sharedNumberSchema,
} from '../schemas/phone-number.js';
import { unroutedEventSchema } from '../schemas/provider.js';
import { createTenantInputSchema, memberRoleSchema, tenantSchema, updateTenantInputSchema } from '../schemas/tenant.js';
import type { TenantConfigInput } from '../schemas/tenant-config.js';
import type { Storage } from '../storage/create-storage.js';
import { inviteOwnerJobName } from './invitation-job.js';
import { idParamsSchema, pageQuerySchema, pageSchema } from './schemas.js';

export interface AdminRoutesContext {
  storage: Storage;
  singleTenant: { slug: string } | null;
  tenantTemplate: Partial<Omit<TenantConfigInput, 'businessProfile'>>;
  auth: readonly AuthProvider[];
  plugins: readonly NuvatraPlugin[];
}

export const createTenantBodySchema = createTenantInputSchema
  .pick({ slug: true, name: true, plan: true })
  .extend({
    /** The tenant's own number, registered as `owned`. */
    phoneNumber: createPhoneNumberInputSchema.shape.number.optional(),
    region: createPhoneNumberInputSchema.shape.region,
    ownerEmail: z.email().optional(),
    /** Adds this user as the owner at once, for auth providers without invitations (API keys, development). */
    ownerUserId: z.string().min(1).max(255).optional(),
    timezone: z.string().optional(),
  })
  .strict();

/**
 * An invitation: `sent` by the auth provider (its id is the provider's), or `queued` as a background job (its id is
 * the job's; `GET /api/admin/jobs/:id` follows it) when the deployment has a job queue.
 */
export const invitationSchema = z.object({ id: z.string(), email: z.string(), status: z.enum(['sent', 'queued']) });

export const createdTenantSchema = z.object({
  tenant: tenantSchema,
  invitation: invitationSchema.nullable(),
});

const actorOf = (principal: Principal) =>
  ({ type: principal.kind === 'api_key' ? 'api_key' : 'user', id: principal.userId }) as const;

/** Global admins: create tenants (with template config, number and owner invitation), suspend them, read audits. */
export function adminRoutes(context: AdminRoutesContext): AnyRoute[] {
  const { storage } = context;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/admin/tenants',
      auth: 'admin',
      summary: 'Every tenant, newest first',
      tags: ['admin'],
      query: pageQuerySchema,
      responses: { 200: { description: 'A page of tenants', schema: pageSchema(tenantSchema) } },
      handle({ query }) {
        return storage.tenants.list(query);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/admin/tenants',
      auth: 'admin',
      summary: 'Create a tenant from the template, register its number and invite its owner',
      tags: ['admin'],
      body: createTenantBodySchema,
      responses: {
        201: { description: 'The tenant and the invitation sent', schema: createdTenantSchema },
        403: { description: 'Single-tenant mode: tenants are not created here' },
        409: { description: 'The slug or the number is taken' },
      },
      async handle({ body, principal, services }) {
        if (context.singleTenant) {
          throw createHttpError(
            'FORBIDDEN',
            'This deployment runs in single-tenant mode (CLIENT_ID); it creates no tenants.',
          );
        }
        const inviter = context.auth.find((provider) => provider.invite);
        if (body.ownerEmail && !inviter && !body.ownerUserId) {
          throw createHttpError(
            'VALIDATION_FAILED',
            'ownerEmail needs an auth provider that sends invitations (Clerk).',
          );
        }
        const tenant = await storage.tenants.create({
          slug: body.slug,
          name: body.name,
          ...(body.plan ? { plan: body.plan } : {}),
        });
        let invitation: z.infer<typeof invitationSchema> | null = null;
        try {
          await storage.withTenant(tenant.id, async (scope) => {
            await scope.config.put({
              timezone: 'UTC',
              ...context.tenantTemplate,
              ...(body.timezone ? { timezone: body.timezone } : {}),
              businessProfile: { name: body.name },
            });
            if (body.phoneNumber) {
              const number = await scope.phoneNumbers.create({
                number: body.phoneNumber,
                kind: 'owned',
                ...(body.region ? { region: body.region } : {}),
              });
              await services.phoneNumberAdded(scope, number);
            }
            if (body.ownerUserId) {
              await scope.members.add({ userId: body.ownerUserId, role: 'owner', email: body.ownerEmail ?? null });
            }
            await scope.auditEvents.record({ actor: actorOf(principal), action: 'tenant.created', target: tenant.id });
            if (body.ownerEmail && !body.ownerUserId && inviter?.invite) {
              if (services.jobs.available) {
                // Enqueued in the tenant's transaction: kept only with the tenant, sent (and retried) by the worker.
                const { job } = await services.jobs.enqueue(
                  inviteOwnerJobName,
                  { email: body.ownerEmail, role: 'owner' },
                  { idempotencyKey: `invite-owner:${body.ownerEmail}` },
                );
                invitation = { id: job.id, email: body.ownerEmail, status: 'queued' };
              } else {
                // Without a queue, last inside the transaction: a failed invitation rolls the set-up back with it.
                const sent = await inviter.invite({ tenantId: tenant.id, email: body.ownerEmail, role: 'owner' });
                invitation = { id: sent.id, email: body.ownerEmail, status: 'sent' };
              }
            }
          });
        } catch (error) {
          // No half-created tenant: its config and number rolled back with their transaction; remove the tenant too.
          await storage.tenants.discard(tenant.id);
          throw error;
        }
        await services.tenantCreated(tenant);
        return Response.json({ tenant, invitation }, { status: 201 });
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/admin/tenants/:id',
      auth: 'admin',
      summary: 'Suspend or reactivate a tenant, rename it, change its plan',
      tags: ['admin'],
      params: idParamsSchema,
      body: updateTenantInputSchema.pick({ status: true, name: true, plan: true }).strict(),
      responses: { 200: { description: 'The tenant', schema: tenantSchema }, 404: { description: 'No such tenant' } },
      async handle({ params, body, principal }) {
        const tenant = await storage.tenants.update(params.id, body);
        const action = body.status
          ? body.status === 'suspended'
            ? 'tenant.suspended'
            : 'tenant.reactivated'
          : 'tenant.updated';
        await storage.withTenant(tenant.id, (scope) =>
          scope.auditEvents.record({ actor: actorOf(principal), action, target: tenant.id, detail: body }),
        );
        return tenant;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/admin/tenants/:id/invitations',
      auth: 'admin',
      summary: 'Invite someone to a tenant (again): the auth provider sends the invitation',
      tags: ['admin'],
      params: idParamsSchema,
      body: z.object({ email: z.email(), role: memberRoleSchema.default('owner') }).strict(),
      responses: {
        201: { description: 'The invitation sent', schema: invitationSchema },
        404: { description: 'No such tenant' },
      },
      async handle({ params, body, principal }) {
        const inviter = context.auth.find((provider) => provider.invite);
        if (!inviter?.invite) {
          throw createHttpError('VALIDATION_FAILED', 'No auth provider here sends invitations (Clerk does).');
        }
        if (!(await storage.tenants.get(params.id))) {
          throw createHttpError('TENANT_NOT_FOUND', `No tenant with id "${params.id}": nobody can be invited to it.`);
        }
        const sent = await inviter.invite({ tenantId: params.id, email: body.email, role: body.role });
        await storage.withTenant(params.id, (scope) =>
          scope.auditEvents.record({
            actor: actorOf(principal),
            action: 'invitation.sent',
            target: sent.id,
            detail: { email: body.email, role: body.role },
          }),
        );
        return Response.json({ id: sent.id, email: body.email, status: 'sent' }, { status: 201 });
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/admin/invitations/:id',
      auth: 'admin',
      summary: 'Revoke an invitation that was not accepted yet',
      tags: ['admin'],
      params: z.object({ id: z.string().min(1).max(255) }),
      responses: { 204: { description: 'Revoked' } },
      async handle({ params }) {
        const revoker = context.auth.find((provider) => provider.revokeInvitation);
        if (!revoker?.revokeInvitation) {
          throw createHttpError('VALIDATION_FAILED', 'No auth provider here manages invitations (Clerk does).');
        }
        await revoker.revokeInvitation(params.id);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/admin/shared-numbers',
      auth: 'admin',
      summary: 'Assistant numbers shared by many tenants, who forward their own lines to them',
      tags: ['admin'],
      responses: {
        200: { description: 'All shared numbers', schema: z.object({ items: z.array(sharedNumberSchema) }) },
      },
      async handle() {
        return { items: await storage.sharedNumbers.list() };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/admin/shared-numbers',
      auth: 'admin',
      summary: 'Register a shared assistant number; calls to it are routed by the line they were forwarded from',
      tags: ['admin'],
      body: createSharedNumberInputSchema,
      responses: {
        201: { description: 'The shared number', schema: sharedNumberSchema },
        409: { description: 'A tenant holds the number, or it is shared already' },
      },
      async handle({ body }) {
        return Response.json(await storage.sharedNumbers.add(body), { status: 201 });
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/admin/shared-numbers/:e164',
      auth: 'admin',
      summary: 'Stop sharing a number',
      tags: ['admin'],
      params: z.object({ e164: e164Schema }),
      responses: { 204: { description: 'Removed' }, 404: { description: 'Not a shared number' } },
      async handle({ params }) {
        await storage.sharedNumbers.remove(params.e164);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/admin/unrouted',
      auth: 'admin',
      summary:
        'Calls and messages refused because no tenant could be proven (e.g. a shared number, no forwarding line)',
      tags: ['admin'],
      query: pageQuerySchema,
      responses: { 200: { description: 'A page of refused events', schema: pageSchema(unroutedEventSchema) } },
      handle({ query }) {
        return storage.unrouted.list(query);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/admin/audit',
      auth: 'admin',
      summary: "A tenant's audit log, newest first: impersonations, suspensions, creations",
      tags: ['admin'],
      query: pageQuerySchema.extend({ tenantId: idSchema }),
      responses: { 200: { description: 'A page of audit events', schema: pageSchema(auditEventSchema) } },
      handle({ query: { tenantId, ...page } }) {
        return storage.withTenant(tenantId, (scope) => scope.auditEvents.list(page));
      },
    }),
  ];
}
