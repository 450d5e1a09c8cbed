import type { z } from 'zod';
import type { createdTenantSchema, createTenantBodySchema, invitationSchema } from './admin.js';
import type { callSummarySchema } from './calls.js';
import type { meSchema } from './me.js';
import type { createPhoneNumberBodySchema } from './phone-numbers.js';
import type { errorBodySchema } from './schemas.js';
import type {
  composedPromptSchema,
  profileBodySchema,
  profileSchema,
  promptResponseSchema,
  subscriptionSchema,
  workingHoursBodySchema,
} from './settings.js';

// What the HTTP API answers and accepts, inferred from the same zod schemas its routes parse and document with, so a
// client (such as @nuvatra/react) is typed by the server's own contract and never restates it.

/** `GET /api/me`. */
export type Me = z.infer<typeof meSchema>;
/** An item of `GET /api/calls`: a call without its transcript. */
export type CallSummary = z.infer<typeof callSummarySchema>;
/** `GET|PUT /api/working-hours`. */
export type WorkingHoursSettings = z.infer<typeof workingHoursBodySchema>;
/** `GET /api/profile`. */
export type Profile = z.infer<typeof profileSchema>;
/** The body of `PUT /api/profile`. */
export type ProfileInput = z.input<typeof profileBodySchema>;
/** `GET|PUT /api/prompt`. */
export type PromptSettings = z.infer<typeof promptResponseSchema>;
/** `GET /api/prompt/composed`. */
export type ComposedPromptView = z.infer<typeof composedPromptSchema>;
/** `GET /api/subscription`. */
export type Subscription = z.infer<typeof subscriptionSchema>;
/** The body of `POST /api/phone-numbers`. */
export type CreatePhoneNumberRequest = z.input<typeof createPhoneNumberBodySchema>;
/** The body of `POST /api/admin/tenants`. */
export type CreateTenantRequest = z.input<typeof createTenantBodySchema>;
/** `POST /api/admin/tenants` answers the tenant and the invitation sent to its owner, if any. */
export type CreatedTenant = z.infer<typeof createdTenantSchema>;
/** An invitation the auth provider sent. */
export type Invitation = z.infer<typeof invitationSchema>;
/** Every error response: `{ "error": { "code", "message" } }`. */
export type ApiErrorBody = z.infer<typeof errorBodySchema>;
