import { z } from 'zod';
import { idSchema } from '../schemas/common.js';

/** `?limit=&cursor=` of every list route. */
export const pageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict();

export const idParamsSchema = z.object({ id: idSchema });

/** A page of `item`, as list routes answer it. */
export function pageSchema<S extends z.ZodType>(item: S) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
