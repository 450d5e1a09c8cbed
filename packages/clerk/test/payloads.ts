// Test-only: Clerk webhook events as Clerk sends them through Svix. Shapes follow the examples of Clerk's event
// catalog (Clerk dashboard → Webhooks → Event Catalog, the same examples Clerk's docs show) and @clerk/backend's
// `WebhookEvent`, `UserJSON`, `OrganizationJSON`, `OrganizationMembershipJSON` and `DeletedObjectJSON` types:
// `{ data, event_attributes: { http_request }, instance_id, object: "event", timestamp, type }`, timestamps in ms.

const instanceId = 'ins_2t5mXbQ0FvSJvmAV3x6Hw4cK9Zr';
const httpRequest = {
  client_ip: '0.0.0.0',
  user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)',
};

function event(type: string, data: Record<string, unknown>) {
  return {
    data,
    event_attributes: { http_request: httpRequest },
    instance_id: instanceId,
    object: 'event',
    timestamp: Date.now(),
    type,
  };
}

export interface OrganizationShape {
  id: string;
  name: string;
  slug?: string;
  /** Absent for organisations created through the Backend API. */
  createdBy?: string;
}

function organizationJson({ id, name, slug, createdBy }: OrganizationShape) {
  return {
    admin_delete_enabled: true,
    created_at: 1654013202977,
    ...(createdBy ? { created_by: createdBy } : {}),
    has_image: false,
    id,
    image_url: 'https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9',
    max_allowed_memberships: 5,
    members_count: 1,
    name,
    object: 'organization',
    pending_invitations_count: 0,
    private_metadata: {},
    public_metadata: {},
    slug: slug ?? name.toLowerCase().replace(/\s+/g, '-'),
    updated_at: 1654013202977,
  };
}

export const organizationEvent = (type: 'organization.created' | 'organization.updated', shape: OrganizationShape) =>
  event(type, organizationJson(shape));

/** `organization.deleted` and `user.deleted` carry only `{ deleted, id, object }`. */
export const deletedEvent = (type: 'organization.deleted' | 'user.deleted', id: string) =>
  event(type, { deleted: true, id, object: type.split('.')[0] });

export interface UserShape {
  id: string;
  email?: string;
  firstName?: string | null;
  lastName?: string | null;
  /** Set by the backend; our invitations put `tenant_id` and `tenant_role` here. */
  publicMetadata?: Record<string, unknown>;
}

export function userEvent(type: 'user.created' | 'user.updated', user: UserShape) {
  const emailId = `idn_${user.id.slice(5)}`;
  return event(type, {
    backup_code_enabled: false,
    banned: false,
    birthday: '',
    created_at: 1654012591514,
    email_addresses: user.email
      ? [
          {
            email_address: user.email,
            id: emailId,
            linked_to: [],
            object: 'email_address',
            verification: { status: 'verified', strategy: 'ticket' },
          },
        ]
      : [],
    external_accounts: [],
    external_id: null,
    first_name: user.firstName ?? null,
    gender: '',
    has_image: true,
    id: user.id,
    image_url: 'https://img.clerk.com/eyJ0eXBlIjoicHJveHkifQ',
    last_name: user.lastName ?? null,
    last_sign_in_at: null,
    locked: false,
    object: 'user',
    password_enabled: true,
    phone_numbers: [],
    primary_email_address_id: user.email ? emailId : null,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    private_metadata: {},
    profile_image_url: 'https://www.gravatar.com/avatar?d=mp',
    public_metadata: user.publicMetadata ?? {},
    two_factor_enabled: false,
    unsafe_metadata: {},
    updated_at: 1654012591835,
    username: null,
    web3_wallets: [],
  });
}

export interface MembershipShape {
  organization: OrganizationShape;
  userId: string;
  /** `org:admin`, `org:member`, a custom `org:<key>`, or the legacy `admin` / `basic_member`. */
  role: string;
  /** The member's email address (Clerk's `public_user_data.identifier`). */
  identifier?: string;
}

let memberships = 0;

export function membershipEvent(
  type: 'organizationMembership.created' | 'organizationMembership.updated' | 'organizationMembership.deleted',
  { organization, userId, role, identifier }: MembershipShape,
) {
  return event(type, {
    created_at: 1654013203217,
    id: `orgmem_${(++memberships).toString().padStart(27, '0')}`,
    object: 'organization_membership',
    organization: organizationJson(organization),
    permissions: role === 'org:admin' ? ['org:sys_memberships:manage', 'org:sys_profile:manage'] : [],
    private_metadata: {},
    public_metadata: {},
    public_user_data: {
      first_name: 'Example',
      has_image: true,
      identifier: identifier ?? `${userId}@example.org`,
      image_url: 'https://img.clerk.com/eyJ0eXBlIjoicHJveHkifQ',
      last_name: 'Member',
      profile_image_url: 'https://www.gravatar.com/avatar?d=mp',
      user_id: userId,
    },
    role,
    updated_at: 1654013203217,
  });
}
