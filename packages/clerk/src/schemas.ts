import { z } from 'zod';

// Clerk's wire shapes in Clerk's casing, parsed once: session-token claims after the signature checked out,
// webhook events after Svix's signature did. Clerk adds fields without notice, so objects keep what they do not
// name (`looseObject`). Sources: Clerk's session-token reference (claims v1 and v2) and @clerk/backend's
// `JwtPayload`, `UserJSON`, `OrganizationJSON`, `OrganizationMembershipJSON`, `DeletedObjectJSON` types.

const clerkId = z.string().min(1).max(255);

/**
 * A session token's claims. v1 names the active organisation with `org_id`/`org_role`/`org_slug`; v2 (`v: 2`)
 * nests it as `o: { id, rol, slg, per, fpm }`, its role without the `org:` prefix.
 */
export const sessionClaimsSchema = z.looseObject({
  sub: clerkId,
  sid: z.string().optional(),
  azp: z.string().optional(),
  v: z.number().optional(),
  /** `active`, or `pending` while session tasks (such as choosing an organisation) remain. */
  sts: z.string().optional(),
  org_id: clerkId.optional(),
  org_role: z.string().optional(),
  org_slug: z.string().optional(),
  o: z.looseObject({ id: clerkId, rol: z.string().optional(), slg: z.string().optional() }).optional(),
  /** Someone acting as this user: `act.sub` is the impersonator (RFC 8693 actor claim). */
  act: z.looseObject({ sub: clerkId }).optional(),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

/** Every Clerk webhook: `{ type, object: "event", data, timestamp, instance_id, event_attributes }`. */
export const eventEnvelopeSchema = z.looseObject({
  type: z.string().min(1).max(100),
  data: z.unknown(),
  timestamp: z.number().optional(),
  instance_id: z.string().optional(),
});

/** `organization.created` / `organization.updated`: the Organization object. */
export const organizationSchema = z.looseObject({
  id: clerkId,
  name: z.string().min(1),
  slug: z.string().nullish(),
  /** The user who created it; absent for organisations created through the Backend API. */
  created_by: clerkId.nullish(),
});
export type ClerkOrganization = z.infer<typeof organizationSchema>;

/** `organization.deleted`, `user.deleted`: `{ object, id, deleted: true }`. */
export const deletedObjectSchema = z.looseObject({ id: clerkId, deleted: z.boolean().optional() });

const nullableText = z.string().nullish();

/** `user.created` / `user.updated`: the User object (the fields we keep). */
export const userSchema = z.looseObject({
  id: clerkId,
  first_name: nullableText,
  last_name: nullableText,
  username: nullableText,
  image_url: nullableText,
  primary_email_address_id: nullableText,
  email_addresses: z.array(z.looseObject({ id: z.string(), email_address: z.string() })).default([]),
  /** Set by the backend only; invitations put `tenant_id` and `tenant_role` here. */
  public_metadata: z.record(z.string(), z.unknown()).nullish(),
});
export type ClerkUser = z.infer<typeof userSchema>;

/** `organizationMembership.created` / `.updated` / `.deleted`: the OrganizationMembership object. */
export const membershipSchema = z.looseObject({
  id: clerkId,
  /** `org:admin`, `org:member`, a custom `org:<key>`, or the legacy `admin` / `basic_member`. */
  role: z.string().min(1),
  organization: organizationSchema.partial({ name: true }),
  public_user_data: z.looseObject({
    user_id: clerkId,
    /** The member's email address, phone number or username. */
    identifier: nullableText,
  }),
});
export type ClerkMembership = z.infer<typeof membershipSchema>;
