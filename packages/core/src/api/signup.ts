import { z } from 'zod';
import { createHttpError, isNuvatraError } from '../errors/errors.js';
import { defineRoute } from '../http/route.js';
import { tenantSchema } from '../schemas/tenant.js';
import type { AdminRoutesContext } from './admin.js';

/** The external-id key that ties a self-served tenant to the user who signed up, so it is created once. */
const signupKey = 'signup_user';

function slugFrom(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return `${base || 'tenant'}-${crypto.randomUUID().slice(0, 6)}`;
}

/**
 * Seed 004's `complete-signup`, for auth set-ups without organisations: the signed-in user gets a tenant of their
 * own, as its owner. Calling it again (a double submit, a retry) answers the same tenant.
 */
export function signupRoute(context: AdminRoutesContext) {
  const { storage } = context;
  return defineRoute({
    method: 'POST',
    path: '/api/signup/complete',
    auth: 'signed-in',
    summary: 'Create the signed-in user’s own tenant, once',
    tags: ['signup'],
    body: z.object({ name: z.string().trim().min(1).max(200), timezone: z.string().optional() }).strict(),
    responses: {
      200: {
        description: 'The user’s tenant, made earlier',
        schema: z.object({ tenant: tenantSchema, created: z.boolean() }),
      },
      201: { description: 'The new tenant', schema: z.object({ tenant: tenantSchema, created: z.boolean() }) },
    },
    async handle({ principal, resolution, body, services }) {
      if (resolution.outcome === 'resolved') return { tenant: resolution.tenant, created: false };
      if (resolution.outcome === 'refused') throw createHttpError(resolution.code, resolution.reason);
      const existing = await storage.routing.tenantIdByExternalId(signupKey, principal.userId);
      if (existing) return { tenant: await storage.tenants.get(existing), created: false };
      let tenant: Awaited<ReturnType<typeof storage.tenants.create>>;
      try {
        tenant = await storage.tenants.create({
          slug: slugFrom(body.name),
          name: body.name,
          externalIds: { [signupKey]: principal.userId },
        });
      } catch (error) {
        // A concurrent request of the same user won: answer its tenant.
        const winner = await storage.routing.tenantIdByExternalId(signupKey, principal.userId);
        if (isNuvatraError(error, 'CONFLICT') && winner)
          return { tenant: await storage.tenants.get(winner), created: false };
        throw error;
      }
      try {
        await storage.withTenant(tenant.id, async (scope) => {
          const user = await storage.users.get(principal.userId);
          await scope.members.add({ userId: principal.userId, role: 'owner', email: user?.email ?? null });
          await scope.config.put({
            timezone: 'UTC',
            ...context.tenantTemplate,
            ...(body.timezone ? { timezone: body.timezone } : {}),
            businessProfile: { name: body.name },
          });
          await scope.auditEvents.record({
            actor: { type: 'user', id: principal.userId },
            action: 'tenant.signed_up',
            target: tenant.id,
          });
        });
      } catch (error) {
        await storage.tenants.discard(tenant.id);
        throw error;
      }
      await services.tenantCreated(tenant);
      return Response.json({ tenant, created: true }, { status: 201 });
    },
  });
}
