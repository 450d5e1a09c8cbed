/**
 * Versioned migrations, in two sets like SQLite's: `control` (tenant registry and routing tables, read across
 * tenants) and `tenant` (everything a tenant owns). A shared database runs both; with a database per tenant the
 * control database runs the first and every tenant database the second. Each is a function of the schema, so one
 * database can hold several Nuvatra schemas. Append new versions; never edit an applied one.
 *
 * Row-level security, grants and the routing functions' owner are not here: they depend on the configured role
 * names and cover plugins' tables too, so `secureTables` (security.ts) applies them after every migration run.
 */
export interface Migration {
  version: number;
  name: string;
  sql: (schema: string) => string;
}

const q = (name: string) => `"${name}"`;

export const controlMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'tenants and routing',
    sql: (s) => `
CREATE TABLE ${q(s)}.tenants (
  id text PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'suspended')),
  plan text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX tenants_created ON ${q(s)}.tenants (created_at DESC, id DESC);

CREATE TABLE ${q(s)}.tenant_external_ids (
  provider text NOT NULL,
  external_id text NOT NULL,
  tenant_id text NOT NULL REFERENCES ${q(s)}.tenants (id) ON DELETE CASCADE,
  PRIMARY KEY (provider, external_id)
);
CREATE INDEX tenant_external_ids_tenant ON ${q(s)}.tenant_external_ids (tenant_id);

CREATE TABLE ${q(s)}.shared_numbers (
  e164 text PRIMARY KEY,
  provider text,
  label text,
  created_at timestamptz NOT NULL
);

CREATE TABLE ${q(s)}.global_prompt_bundle (
  id text PRIMARY KEY,
  sections jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE ${q(s)}.tenant_members (
  tenant_id text NOT NULL REFERENCES ${q(s)}.tenants (id) ON DELETE CASCADE,
  user_id text NOT NULL,
  email text,
  role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX tenant_members_user ON ${q(s)}.tenant_members (user_id, tenant_id);

-- A routing table: (e164, kind) is unique across tenants, so a number belongs to one tenant per kind. It is the
-- one key that does not lead with tenant_id; under Citus this table is a reference table (see sql/citus.sql).
CREATE TABLE ${q(s)}.phone_numbers (
  tenant_id text NOT NULL REFERENCES ${q(s)}.tenants (id) ON DELETE CASCADE,
  id text NOT NULL,
  e164 text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('owned', 'forwarding')),
  provider text,
  label text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (e164, kind)
);

-- Routing reads across tenants answer ids only. They run as the routing role (security.ts makes it their
-- owner), which may read nothing but these columns; search_path is fixed so no caller's objects are found.
CREATE FUNCTION ${q(s)}.nuvatra_tenant_id_by_number(p_e164 text, p_kind text) RETURNS text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT tenant_id FROM ${q(s)}.phone_numbers WHERE e164 = p_e164 AND kind = p_kind $$;

CREATE FUNCTION ${q(s)}.nuvatra_tenant_ids_for_user(p_user_id text) RETURNS SETOF text
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT tenant_id FROM ${q(s)}.tenant_members WHERE user_id = p_user_id ORDER BY tenant_id $$;
`,
  },
  {
    version: 2,
    name: 'unrouted events',
    sql: (s) => `
-- Calls and messages no tenant could be proven for: they belong to no tenant, and global admins review them.
CREATE TABLE ${q(s)}.unrouted_events (
  id text PRIMARY KEY,
  provider text NOT NULL,
  channel text NOT NULL,
  to_number text NOT NULL,
  from_number text,
  forwarded_from text,
  code text NOT NULL,
  reason text NOT NULL,
  provider_event_id text,
  created_at timestamptz NOT NULL
);
CREATE INDEX unrouted_events_created ON ${q(s)}.unrouted_events (created_at DESC, id DESC);
`,
  },
  {
    version: 3,
    name: 'users and global receipts',
    sql: (s) => `
CREATE TABLE ${q(s)}.users (
  id text PRIMARY KEY,
  email text,
  name text,
  image_url text,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE ${q(s)}.global_webhook_receipts (
  provider text NOT NULL,
  event_id text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (provider, event_id)
);
`,
  },
];

export const tenantMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'tenant data',
    sql: (s) => `
CREATE TABLE ${q(s)}.tenant_configs (
  tenant_id text PRIMARY KEY,
  config jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE ${q(s)}.intents (
  tenant_id text NOT NULL,
  id text NOT NULL,
  name text NOT NULL,
  description text NOT NULL,
  example_phrases jsonb NOT NULL,
  responses jsonb NOT NULL,
  enabled boolean NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);
CREATE INDEX intents_created ON ${q(s)}.intents (tenant_id, created_at DESC, id DESC);

CREATE TABLE ${q(s)}.prompt_bundles (
  tenant_id text PRIMARY KEY,
  sections jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE ${q(s)}.calls (
  tenant_id text NOT NULL,
  id text NOT NULL,
  provider text NOT NULL,
  provider_call_id text NOT NULL,
  direction text NOT NULL,
  from_number text,
  to_number text NOT NULL,
  forwarded_from text,
  status text NOT NULL,
  started_at timestamptz,
  ended_at timestamptz,
  duration_seconds double precision,
  transcript text,
  messages jsonb NOT NULL,
  recording_url text,
  summary text,
  outcome text,
  ended_reason text,
  intent text,
  cost double precision,
  metadata jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider, provider_call_id)
);
CREATE INDEX calls_created ON ${q(s)}.calls (tenant_id, created_at DESC, id DESC);

CREATE TABLE ${q(s)}.conversations (
  tenant_id text NOT NULL,
  id text NOT NULL,
  channel text NOT NULL,
  participant text NOT NULL,
  subject text,
  last_message_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, channel, participant)
);
CREATE INDEX conversations_created ON ${q(s)}.conversations (tenant_id, created_at DESC, id DESC);

-- Child rows carry tenant_id too, and their foreign key includes it: no isolation by join alone.
CREATE TABLE ${q(s)}.messages (
  tenant_id text NOT NULL,
  id text NOT NULL,
  conversation_id text NOT NULL,
  direction text NOT NULL,
  body text NOT NULL,
  from_address text NOT NULL,
  to_address text NOT NULL,
  provider text,
  provider_message_id text,
  status text,
  metadata jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider, provider_message_id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES ${q(s)}.conversations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX messages_conversation ON ${q(s)}.messages (tenant_id, conversation_id, created_at DESC, id DESC);

-- call_id is checked by core rather than by a foreign key, as in SQLite.
CREATE TABLE ${q(s)}.appointments (
  tenant_id text NOT NULL,
  id text NOT NULL,
  call_id text,
  customer_name text NOT NULL,
  customer_phone text,
  service text,
  party_size integer,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  status text NOT NULL,
  notes text,
  external_event_id text,
  metadata jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX appointments_created ON ${q(s)}.appointments (tenant_id, created_at DESC, id DESC);

CREATE TABLE ${q(s)}.audit_events (
  tenant_id text NOT NULL,
  id text NOT NULL,
  actor_type text NOT NULL,
  actor_id text NOT NULL,
  action text NOT NULL,
  target text,
  detail jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_events_created ON ${q(s)}.audit_events (tenant_id, created_at DESC, id DESC);

CREATE TABLE ${q(s)}.webhook_receipts (
  tenant_id text NOT NULL,
  provider text NOT NULL,
  event_id text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, provider, event_id)
);

-- A tenant's own provider account (a Twilio subaccount): its secret is sealed by the secret box, never plain.
CREATE TABLE ${q(s)}.provider_accounts (
  tenant_id text NOT NULL,
  provider text NOT NULL,
  account_id text NOT NULL,
  sealed_secret text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, provider)
);
`,
  },
];
