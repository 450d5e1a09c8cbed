import { z } from 'zod';
import { defineRoute } from '../http/route.js';
import { memberRoleSchema, tenantSchema } from '../schemas/tenant.js';

export const meSchema = z.object({
  user: z.object({ id: z.string(), kind: z.enum(['user', 'api_key']), isGlobalAdmin: z.boolean() }),
  tenant: tenantSchema.nullable(),
  role: memberRoleSchema.nullable(),
  impersonating: z.boolean(),
  /** Why there is no tenant, when there is none. */
  tenantProblem: z.object({ code: z.string(), reason: z.string() }).nullable(),
});

export const meRoute = defineRoute({
  method: 'GET',
  path: '/api/me',
  auth: 'signed-in',
  summary: 'The signed-in principal, its tenant and its role there',
  tags: ['dashboard'],
  responses: { 200: { description: 'Who is signed in', schema: meSchema } },
  async handle({ principal, resolution, storage }) {
    const user = { id: principal.userId, kind: principal.kind, isGlobalAdmin: principal.isGlobalAdmin };
    if (resolution.outcome !== 'resolved') {
      const code = resolution.outcome === 'refused' ? resolution.code : 'TENANT_NOT_RESOLVED';
      return {
        user,
        tenant: null,
        role: null,
        impersonating: false,
        tenantProblem: { code, reason: resolution.reason },
      };
    }
    const member = await storage.withTenant(resolution.tenantId, (scope) => scope.members.get(principal.userId));
    return {
      user,
      tenant: resolution.tenant,
      role: member?.role ?? null,
      impersonating: resolution.source === 'impersonation',
      tenantProblem: null,
    };
  },
});
