import { z } from 'zod';
import { idSchema, timestampSchema } from '../schemas/common.js';

// The admin API's view of the job queue, in the shape the port's JobRecord has; documented in OpenAPI from here.

export const jobStatusSchema = z.enum(['pending', 'running', 'completed', 'dead']);

export const jobRecordSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** null: a global (cross-tenant maintenance) job. */
  tenantId: idSchema.nullable(),
  payload: z.unknown(),
  status: jobStatusSchema,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: timestampSchema,
  idempotencyKey: z.string().nullable(),
  /** Why the last attempt failed; for a dead job, why it died. */
  lastError: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});

export const jobListQuerySchema = z
  .object({
    status: jobStatusSchema.optional(),
    tenantId: idSchema.optional(),
    name: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(512).optional(),
  })
  .strict();
