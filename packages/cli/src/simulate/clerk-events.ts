import { randomBytes } from 'node:crypto';

// Clerk's webhook events as Clerk sends them through Svix, shaped like the examples of Clerk's event catalog and
// @clerk/backend's `UserJSON`, `OrganizationJSON`, `OrganizationMembershipJSON`: `{ data, event_attributes,
// instance_id, object: "event", timestamp, type }`, timestamps in milliseconds.

export const clerkEventTypes = ['organization.created', 'user.created', 'organizationMembership.created'] as const;
export type ClerkEventType = (typeof clerkEventTypes)[number];

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A Clerk-style id: a prefix and 27 base62 characters (`org_2t5mXbQ0FvSJvmAV3x6Hw4cK9Zr`). */
export function clerkId(prefix: 'org' | 'user' | 'orgmem' | 'msg' | 'idn' | 'ins'): string {
  return `${prefix}_${Array.from(randomBytes(27), (byte) => base62[byte % 62]).join('')}`;
}

type Json = Record<string, unknown>;

function organization(now: number): Json {
  const id = clerkId('org');
  const name = `Simulated Clinic ${id.slice(-4)}`;
  return {
    admin_delete_enabled: true,
    created_at: now,
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
    slug: name.toLowerCase().replace(/\s+/g, '-'),
    updated_at: now,
  };
}

function user(now: number): Json {
  const id = clerkId('user');
  const emailId = clerkId('idn');
  const email = `${id.slice(5, 13).toLowerCase()}@example.com`;
  return {
    backup_code_enabled: false,
    banned: false,
    created_at: now,
    email_addresses: [
      {
        email_address: email,
        id: emailId,
        linked_to: [],
        object: 'email_address',
        verification: { status: 'verified', strategy: 'email_code' },
      },
    ],
    external_accounts: [],
    external_id: null,
    first_name: 'Sam',
    has_image: false,
    id,
    image_url: 'https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9',
    last_name: 'Simulated',
    last_sign_in_at: null,
    locked: false,
    object: 'user',
    password_enabled: true,
    phone_numbers: [],
    primary_email_address_id: emailId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    private_metadata: {},
    public_metadata: {},
    two_factor_enabled: false,
    unsafe_metadata: {},
    updated_at: now,
    username: null,
    web3_wallets: [],
  };
}

function membership(now: number): Json {
  const member = user(now);
  return {
    created_at: now,
    id: clerkId('orgmem'),
    object: 'organization_membership',
    organization: organization(now),
    permissions: ['org:sys_memberships:manage', 'org:sys_profile:manage'],
    private_metadata: {},
    public_metadata: {},
    public_user_data: {
      first_name: member.first_name,
      has_image: false,
      identifier: (member.email_addresses as Array<{ email_address: string }>)[0]?.email_address,
      image_url: member.image_url,
      last_name: member.last_name,
      user_id: member.id,
    },
    role: 'org:admin',
    updated_at: now,
  };
}

const defaults: Record<ClerkEventType, (now: number) => Json> = {
  'organization.created': organization,
  'user.created': user,
  'organizationMembership.created': membership,
};

/** The event, its `data` the default for its type with `overrides` merged in (objects deeply, the rest replaced). */
export function clerkEvent(type: ClerkEventType, overrides: Json, now = Date.now()) {
  return {
    data: merge(defaults[type](now), overrides),
    event_attributes: {
      http_request: { client_ip: '127.0.0.1', user_agent: 'nuvatra-cli (simulated)' },
    },
    instance_id: clerkId('ins'),
    object: 'event',
    timestamp: now,
    type,
  };
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function merge(base: Json, overrides: Json): Json {
  const merged: Json = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = merged[key];
    merged[key] = isObject(current) && isObject(value) ? merge(current, value) : value;
  }
  return merged;
}
