import { z } from 'zod';
import { idSchema, languageSchema, timestampSchema } from './common.js';

const intentNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a lowercase name such as "book_appointment"');

export const intentSchema = z.object({
  id: idSchema,
  tenantId: idSchema,
  name: intentNameSchema,
  description: z.string().max(2000),
  /** What callers say, per language tag. */
  examplePhrases: z.record(languageSchema, z.array(z.string().min(1).max(500)).max(100)),
  /** What the assistant answers, per language tag. */
  responses: z.record(languageSchema, z.string().min(1).max(4000)),
  enabled: z.boolean(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type Intent = z.infer<typeof intentSchema>;

export const createIntentInputSchema = z
  .object({
    name: intentNameSchema,
    description: z.string().max(2000).default(''),
    examplePhrases: intentSchema.shape.examplePhrases.default({}),
    responses: intentSchema.shape.responses.default({}),
    enabled: z.boolean().default(true),
  })
  .strict();
export type CreateIntentInput = z.input<typeof createIntentInputSchema>;

export const updateIntentInputSchema = z
  .object({
    name: intentNameSchema,
    description: z.string().max(2000),
    examplePhrases: intentSchema.shape.examplePhrases,
    responses: intentSchema.shape.responses,
    enabled: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateIntentInput = z.input<typeof updateIntentInputSchema>;
