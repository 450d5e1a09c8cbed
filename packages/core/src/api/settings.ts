import { z } from 'zod';
import { createHttpError } from '../errors/errors.js';
import { defineRoute } from '../http/route.js';
import { composePrompt } from '../prompt/compose.js';
import { promptBundleSchema, promptSectionsSchema } from '../schemas/prompt-bundle.js';
import { type TenantConfig, tenantConfigSchema, timeZoneSchema, workingHoursSchema } from '../schemas/tenant-config.js';
import type { TenantScope } from '../storage/scope.js';

export const workingHoursBodySchema = z.object({ timezone: timeZoneSchema, workingHours: workingHoursSchema }).strict();
/** The profile is the whole configuration but the working hours, which have their own route. */
export const profileSchema = tenantConfigSchema.omit({ workingHours: true });

async function requireConfig(scope: TenantScope): Promise<TenantConfig> {
  const config = await scope.config.get();
  if (!config) throw createHttpError('NOT_FOUND', 'This tenant has no profile yet: PUT /api/profile first.');
  return config;
}

/** A tenant that never saved a prompt has no sections and no `updatedAt`. */
/** PUT /api/profile: what has a default may be left out. */
export const profileBodySchema = profileSchema.partial({
  languages: true,
  greeting: true,
  services: true,
  faq: true,
  voiceAgent: true,
});

export const subscriptionSchema = z.object({ plan: z.string(), status: z.enum(['active', 'suspended']) });

export const promptResponseSchema = promptBundleSchema.extend({
  updatedAt: promptBundleSchema.shape.updatedAt.nullable(),
});

export const composedPromptSchema = z.object({
  sections: z.array(z.object({ key: z.string(), content: z.string(), source: z.enum(['global', 'tenant']) })),
  text: z.string(),
});

export const settingsRoutes = [
  defineRoute({
    method: 'GET',
    path: '/api/working-hours',
    auth: 'user',
    summary: 'Working hours and the time zone they are in',
    tags: ['settings'],
    responses: {
      200: { description: 'The hours', schema: workingHoursBodySchema },
      404: { description: 'No profile yet' },
    },
    async handle({ scope }) {
      const { timezone, workingHours } = await requireConfig(scope);
      return { timezone, workingHours };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/working-hours',
    auth: 'user',
    summary: 'Replace the working hours and their time zone',
    tags: ['settings'],
    body: workingHoursBodySchema,
    responses: {
      200: { description: 'The hours', schema: workingHoursBodySchema },
      404: { description: 'No profile yet' },
    },
    async handle({ scope, body }) {
      const config = await scope.config.put({ ...(await requireConfig(scope)), ...body });
      return { timezone: config.timezone, workingHours: config.workingHours };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/profile',
    auth: 'user',
    summary: 'Business profile, languages, greeting, services, FAQ and voice agent',
    tags: ['settings'],
    responses: { 200: { description: 'The profile', schema: profileSchema }, 404: { description: 'No profile yet' } },
    async handle({ scope }) {
      const { workingHours: _hours, ...profile } = await requireConfig(scope);
      return profile;
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/profile',
    auth: 'user',
    summary: 'Replace the profile; the working hours stay as they are',
    tags: ['settings'],
    body: profileBodySchema,
    responses: { 200: { description: 'The profile', schema: profileSchema } },
    async handle({ scope, body }) {
      const current = await scope.config.get();
      const { workingHours: _hours, ...profile } = await scope.config.put({
        ...body,
        ...(current ? { workingHours: current.workingHours } : {}),
      });
      return profile;
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/prompt',
    auth: 'user',
    summary: "The tenant's own prompt sections",
    tags: ['prompt'],
    responses: { 200: { description: 'The sections', schema: promptResponseSchema } },
    async handle({ scope }) {
      return (await scope.prompt.get()) ?? { tenantId: scope.tenantId, sections: [], updatedAt: null };
    },
  }),
  defineRoute({
    method: 'PUT',
    path: '/api/prompt',
    auth: 'user',
    summary: "Replace the tenant's prompt sections (they override the global ones by key)",
    tags: ['prompt'],
    body: z.object({ sections: promptSectionsSchema }).strict(),
    responses: { 200: { description: 'The sections', schema: promptResponseSchema } },
    async handle({ scope, body }) {
      return scope.prompt.put(body.sections);
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/prompt/composed',
    auth: 'user',
    summary: 'The prompt the voice AI is given: global sections with this tenant’s overrides',
    tags: ['prompt'],
    responses: { 200: { description: 'The composed prompt', schema: composedPromptSchema } },
    async handle({ scope, storage }) {
      return composePrompt(await storage.globalPrompt.get(), await scope.prompt.get());
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/api/subscription',
    auth: 'user',
    summary: "The tenant's plan and status",
    tags: ['settings'],
    responses: {
      200: { description: 'The plan', schema: subscriptionSchema },
    },
    handle({ scope }) {
      return { plan: scope.tenant.plan, status: scope.tenant.status };
    },
  }),
];
