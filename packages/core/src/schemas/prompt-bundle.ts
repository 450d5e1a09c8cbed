import { z } from 'zod';
import { idSchema, timestampSchema } from './common.js';

export const promptSectionKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be a lowercase key such as "tone" or "booking.rules"');

export const promptSectionSchema = z.object({
  key: promptSectionKeySchema,
  content: z.string().max(20_000),
  /** A tenant section with `enabled: false` removes the global section of the same key. */
  enabled: z.boolean().default(true),
});
export type PromptSection = z.infer<typeof promptSectionSchema>;

export const promptSectionsSchema = z
  .array(promptSectionSchema)
  .max(100)
  .refine((sections) => new Set(sections.map((s) => s.key)).size === sections.length, 'section keys must be unique');

export const promptBundleSchema = z.object({
  /** null for the global bundle. */
  tenantId: idSchema.nullable(),
  sections: promptSectionsSchema,
  updatedAt: timestampSchema,
});
export type PromptBundle = z.infer<typeof promptBundleSchema>;
export type PromptSectionsInput = z.input<typeof promptSectionsSchema>;
