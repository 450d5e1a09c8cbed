/**
 * Versioned migrations, in two sets: `control` (tenant registry and routing tables, read across tenants) and
 * `tenant` (everything a tenant owns). A shared database runs both; in file-per-tenant mode the control file
 * runs the first and every tenant file the second. Append new versions; never edit an applied one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const controlMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'tenants and routing',
    sql: `
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'suspended')),
  plan TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX tenants_created ON tenants (created_at DESC, id DESC);

CREATE TABLE tenant_external_ids (
  provider TEXT NOT NULL,
  external_id TEXT NOT NULL,
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  PRIMARY KEY (provider, external_id)
) STRICT;
CREATE INDEX tenant_external_ids_tenant ON tenant_external_ids (tenant_id);

CREATE TABLE shared_numbers (
  e164 TEXT PRIMARY KEY,
  provider TEXT,
  label TEXT,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE global_prompt_bundle (
  id TEXT PRIMARY KEY,
  sections TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE tenant_members (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  email TEXT,
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
) STRICT;
CREATE INDEX tenant_members_user ON tenant_members (user_id);

-- A routing table: (e164, kind) is unique across tenants, so a number belongs to one tenant per kind.
CREATE TABLE phone_numbers (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  e164 TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('owned', 'forwarding')),
  provider TEXT,
  label TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (e164, kind)
) STRICT;
`,
  },
  {
    version: 2,
    name: 'unrouted events',
    sql: `
-- Calls and messages no tenant could be proven for: they belong to no tenant, and global admins review them.
CREATE TABLE unrouted_events (
  id TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  channel TEXT NOT NULL,
  to_number TEXT NOT NULL,
  from_number TEXT,
  forwarded_from TEXT,
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  provider_event_id TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX unrouted_events_created ON unrouted_events (created_at DESC, id DESC);
`,
  },
  {
    version: 3,
    name: 'users and global receipts',
    sql: `
-- Users as the auth provider knows them (synced from its webhooks); membership stays in tenant_members.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT,
  name TEXT,
  image_url TEXT,
  deleted_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Provider events that belong to no tenant yet (an organisation being created): stored once by their id.
CREATE TABLE global_webhook_receipts (
  provider TEXT NOT NULL,
  event_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (provider, event_id)
) STRICT;
`,
  },
];

export const tenantMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'tenant data',
    sql: `
CREATE TABLE tenant_configs (
  tenant_id TEXT PRIMARY KEY,
  config TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE intents (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  example_phrases TEXT NOT NULL,
  responses TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
) STRICT;
CREATE INDEX intents_created ON intents (tenant_id, created_at DESC, id DESC);

CREATE TABLE prompt_bundles (
  tenant_id TEXT PRIMARY KEY,
  sections TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE calls (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  provider TEXT NOT NULL,
  provider_call_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  from_number TEXT,
  to_number TEXT NOT NULL,
  forwarded_from TEXT,
  status TEXT NOT NULL,
  started_at TEXT,
  ended_at TEXT,
  duration_seconds REAL,
  transcript TEXT,
  messages TEXT NOT NULL,
  recording_url TEXT,
  summary TEXT,
  outcome TEXT,
  ended_reason TEXT,
  intent TEXT,
  cost REAL,
  metadata TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider, provider_call_id)
) STRICT;
CREATE INDEX calls_created ON calls (tenant_id, created_at DESC, id DESC);

CREATE TABLE conversations (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  channel TEXT NOT NULL,
  participant TEXT NOT NULL,
  subject TEXT,
  last_message_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, channel, participant)
) STRICT;
CREATE INDEX conversations_created ON conversations (tenant_id, created_at DESC, id DESC);

-- Child rows carry tenant_id too, and their foreign key includes it: no isolation by join alone.
CREATE TABLE messages (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  direction TEXT NOT NULL,
  body TEXT NOT NULL,
  from_address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  provider TEXT,
  provider_message_id TEXT,
  status TEXT,
  metadata TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider, provider_message_id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX messages_conversation ON messages (tenant_id, conversation_id, created_at DESC, id DESC);

-- call_id is checked by core rather than by a foreign key: SQLite's SET NULL would null tenant_id as well.
CREATE TABLE appointments (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  call_id TEXT,
  customer_name TEXT NOT NULL,
  customer_phone TEXT,
  service TEXT,
  party_size INTEGER,
  starts_at TEXT NOT NULL,
  ends_at TEXT,
  status TEXT NOT NULL,
  notes TEXT,
  external_event_id TEXT,
  metadata TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
) STRICT;
CREATE INDEX appointments_created ON appointments (tenant_id, created_at DESC, id DESC);

CREATE TABLE audit_events (
  tenant_id TEXT NOT NULL,
  id TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id)
) STRICT;
CREATE INDEX audit_events_created ON audit_events (tenant_id, created_at DESC, id DESC);

CREATE TABLE webhook_receipts (
  tenant_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  event_id TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, provider, event_id)
) STRICT;
`,
  },
  {
    version: 2,
    name: 'provider accounts',
    sql: `
-- A tenant's own provider account (a Twilio subaccount): its secret is sealed by the secret box, never plain.
CREATE TABLE provider_accounts (
  tenant_id TEXT NOT NULL,
  provider TEXT NOT NULL,
  account_id TEXT NOT NULL,
  sealed_secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, provider)
) STRICT;
`,
  },
];
