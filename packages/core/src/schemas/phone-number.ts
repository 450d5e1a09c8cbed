import { z } from 'zod';
import { e164Schema, idSchema, providerSchema, timestampSchema } from './common.js';

/** `owned`: the tenant's own provider number. `forwarding`: its own line, forwarded to a shared number. */
export const phoneNumberKindSchema = z.enum(['owned', 'forwarding']);
export type PhoneNumberKind = z.infer<typeof phoneNumberKindSchema>;

export const phoneNumberSchema = z.object({
  id: idSchema,
  tenantId: idSchema,
  e164: e164Schema,
  kind: phoneNumberKindSchema,
  provider: providerSchema.nullable(),
  label: z.string().max(200).nullable(),
  createdAt: timestampSchema,
});
export type PhoneNumber = z.infer<typeof phoneNumberSchema>;

export const createPhoneNumberInputSchema = z
  .object({
    /** Any format a person types; normalised to E.164 (see `normalizePhoneNumber`). */
    number: z.string().min(1).max(64),
    /** ISO 3166 region for national-format numbers, e.g. "US". */
    region: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    kind: phoneNumberKindSchema,
    provider: providerSchema.nullish(),
    label: z.string().max(200).nullish(),
  })
  .strict();
export type CreatePhoneNumberInput = z.input<typeof createPhoneNumberInputSchema>;

/** An assistant number that belongs to no tenant: callers reach it through a tenant's forwarding line. */
export const sharedNumberSchema = z.object({
  e164: e164Schema,
  provider: providerSchema.nullable(),
  label: z.string().max(200).nullable(),
  createdAt: timestampSchema,
});
export type SharedNumber = z.infer<typeof sharedNumberSchema>;

export const createSharedNumberInputSchema = createPhoneNumberInputSchema.omit({ kind: true });
export type CreateSharedNumberInput = z.input<typeof createSharedNumberInputSchema>;
