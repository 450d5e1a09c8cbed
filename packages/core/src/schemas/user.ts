import { z } from 'zod';
import { timestampSchema } from './common.js';

/** A user as the auth provider knows them; which tenants they belong to is in the tenants' members. */
export const userSchema = z.object({
  /** The auth provider's user id (Clerk's `user_…`). */
  id: z.string().min(1).max(255),
  email: z.email().nullable(),
  name: z.string().max(200).nullable(),
  imageUrl: z.url().nullable(),
  /** Set when the provider deleted the user; the row stays so audit records keep their meaning. */
  deletedAt: timestampSchema.nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type User = z.infer<typeof userSchema>;

export const upsertUserInputSchema = z
  .object({
    id: userSchema.shape.id,
    email: userSchema.shape.email.default(null),
    name: userSchema.shape.name.default(null),
    imageUrl: userSchema.shape.imageUrl.default(null),
  })
  .strict();
export type UpsertUserInput = z.input<typeof upsertUserInputSchema>;
