import { z } from 'zod';
import { idSchema, timestampSchema } from './common.js';

export const tenantStatusSchema = z.enum(['active', 'suspended']);
export type TenantStatus = z.infer<typeof tenantStatusSchema>;

export const tenantSlugSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1-63 lowercase letters, digits and inner hyphens');

/** Provider names for external ids, e.g. `clerk_org`; the value is that provider's id for this tenant. */
export const externalIdsSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be a lowercase provider key such as "clerk_org"'),
  z.string().min(1).max(255),
);

export const tenantSchema = z.object({
  id: idSchema,
  slug: tenantSlugSchema,
  name: z.string().min(1).max(200),
  status: tenantStatusSchema,
  plan: z.string().min(1).max(64),
  externalIds: externalIdsSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Tenant = z.infer<typeof tenantSchema>;

export const createTenantInputSchema = z
  .object({
    id: idSchema.optional(),
    slug: tenantSlugSchema,
    name: z.string().trim().min(1).max(200),
    plan: z.string().min(1).max(64).default('free'),
    status: tenantStatusSchema.default('active'),
    externalIds: externalIdsSchema.default({}),
  })
  .strict();
export type CreateTenantInput = z.input<typeof createTenantInputSchema>;

export const updateTenantInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    plan: z.string().min(1).max(64),
    status: tenantStatusSchema,
    externalIds: externalIdsSchema,
  })
  .partial()
  .strict();
export type UpdateTenantInput = z.input<typeof updateTenantInputSchema>;

export const memberRoleSchema = z.enum(['owner', 'admin', 'member']);
export type MemberRole = z.infer<typeof memberRoleSchema>;

export const memberSchema = z.object({
  tenantId: idSchema,
  userId: z.string().min(1).max(255),
  email: z.email().nullable(),
  role: memberRoleSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Member = z.infer<typeof memberSchema>;

export const addMemberInputSchema = z
  .object({
    userId: z.string().min(1).max(255),
    email: z.email().nullish(),
    role: memberRoleSchema,
  })
  .strict();
export type AddMemberInput = z.input<typeof addMemberInputSchema>;
