import { definePluginModel, type PluginStorage, type StorageMigration } from '@nuvatra/core';

/** Model (and table) names of one kind of connection: `google_calendar_connections`, … */
export function modelNames(kind: string) {
  return { states: `google_${kind}_oauth_states`, connections: `google_${kind}_connections` };
}

// A lease no one holds: the lease column is never null, so "free" is one comparison (`lease_until < now`).
export const leaseFree = new Date(0).toISOString();

/**
 * The tables of one kind of Google connection, tenant-owned like core's. `oauth_states` holds a consent in
 * progress (its PKCE verifier, sealed) keyed by the state's nonce, deleted when the callback uses it; `connections`
 * holds one row per tenant (id = the kind) with the tokens sealed for that tenant. `version` counts refreshes, and
 * `refresh_lease_until` is claimed by a conditional update so that one process refreshes at a time.
 */
export function googleStorage(kind: string): PluginStorage {
  const names = modelNames(kind);
  const models = {
    [names.states]: definePluginModel({
      table: names.states,
      fields: {
        id: 'string',
        userId: 'string',
        sealedVerifier: 'string',
        expiresAt: 'timestamp',
        createdAt: 'timestamp',
      },
    }),
    [names.connections]: definePluginModel({
      table: names.connections,
      fields: {
        id: 'string',
        email: { column: 'email', type: 'string', nullable: true },
        scopes: 'json',
        status: 'string',
        brokenReason: { column: 'broken_reason', type: 'string', nullable: true },
        sealedTokens: 'string',
        expiresAt: 'timestamp',
        version: 'integer',
        refreshLeaseUntil: 'timestamp',
        connectedBy: 'string',
        connectedAt: 'timestamp',
        updatedAt: 'timestamp',
      },
    }),
  };
  const tables = (t: { text: string; integer: string; timestamp: string; json: string; strict: string }) => [
    {
      version: 1,
      name: `google ${kind} oauth states and connections`,
      sql: `
CREATE TABLE ${names.states} (
  tenant_id ${t.text} NOT NULL,
  id ${t.text} NOT NULL,
  user_id ${t.text} NOT NULL,
  sealed_verifier ${t.text} NOT NULL,
  expires_at ${t.timestamp} NOT NULL,
  created_at ${t.timestamp} NOT NULL,
  PRIMARY KEY (tenant_id, id)
)${t.strict};
CREATE TABLE ${names.connections} (
  tenant_id ${t.text} NOT NULL,
  id ${t.text} NOT NULL,
  email ${t.text},
  scopes ${t.json} NOT NULL,
  status ${t.text} NOT NULL,
  broken_reason ${t.text},
  sealed_tokens ${t.text} NOT NULL,
  expires_at ${t.timestamp} NOT NULL,
  version ${t.integer} NOT NULL,
  refresh_lease_until ${t.timestamp} NOT NULL,
  connected_by ${t.text} NOT NULL,
  connected_at ${t.timestamp} NOT NULL,
  updated_at ${t.timestamp} NOT NULL,
  PRIMARY KEY (tenant_id, id)
)${t.strict};
`,
    },
  ];
  return {
    models,
    migrations: {
      sqlite: tables({ text: 'TEXT', integer: 'INTEGER', timestamp: 'TEXT', json: 'TEXT', strict: ' STRICT' }),
      postgres: tables({ text: 'text', integer: 'integer', timestamp: 'timestamptz', json: 'jsonb', strict: '' }),
    } satisfies Record<string, StorageMigration[]>,
  };
}
