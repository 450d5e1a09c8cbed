import { z } from 'zod';

/** Ids are opaque strings; this shape keeps them safe in URLs, logs and SQL identifiers of indexes. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be 1-64 letters, digits, "_" or "-"');

export const timestampSchema = z.iso.datetime({ offset: false });

/** A normalised phone number. Make one with `normalizePhoneNumber`; this schema only checks the shape. */
export const e164Schema = z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number such as +15551234567');

/** BCP 47 language tag, kept simple: `en`, `ru`, `en-US`. */
export const languageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en" or "en-US"');

export const metadataSchema = z.record(z.string(), z.unknown());

export const providerSchema = z.enum(['twilio', 'telnyx', 'vapi', 'clerk', 'google', 'other']);
export type Provider = z.infer<typeof providerSchema>;

export const pageRequestSchema = z
  .object({
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(512).nullish(),
  })
  .strict();
export type PageRequest = z.input<typeof pageRequestSchema>;

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
