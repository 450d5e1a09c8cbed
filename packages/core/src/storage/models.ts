/**
 * The storage models every adapter persists, described once so that adapters stay generic (as better-auth's
 * do): an adapter maps these fields to columns and never learns what a call or an intent means.
 */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'json' | 'timestamp';

export interface ModelField {
  column: string;
  type: FieldType;
  nullable?: boolean;
}

export interface ModelDefinition {
  table: string;
  /** Tenant-owned rows carry `tenantId` and are reachable only through a tenant scope. */
  tenantOwned: boolean;
  /**
   * Where a database-per-tenant adapter keeps the model: `control` beside the routing tables (one database),
   * or `tenant` in the tenant's own database. Shared-database adapters ignore it.
   */
  placement: 'control' | 'tenant';
  /** The primary key, in field names; tenant-owned keys lead with `tenantId`. */
  key: readonly string[];
  fields: Record<string, ModelField>;
}

const f = (column: string, type: FieldType, nullable = false): ModelField => ({ column, type, nullable });
const tenantId = f('tenant_id', 'string');
const createdAt = f('created_at', 'timestamp');
const updatedAt = f('updated_at', 'timestamp');

export const models = {
  tenants: {
    table: 'tenants',
    tenantOwned: false,
    placement: 'control',
    key: ['id'],
    fields: {
      id: f('id', 'string'),
      slug: f('slug', 'string'),
      name: f('name', 'string'),
      status: f('status', 'string'),
      plan: f('plan', 'string'),
      createdAt,
      updatedAt,
    },
  },
  tenantExternalIds: {
    table: 'tenant_external_ids',
    tenantOwned: false,
    placement: 'control',
    key: ['provider', 'externalId'],
    fields: { provider: f('provider', 'string'), externalId: f('external_id', 'string'), tenantId },
  },
  sharedNumbers: {
    table: 'shared_numbers',
    tenantOwned: false,
    placement: 'control',
    key: ['e164'],
    fields: {
      e164: f('e164', 'string'),
      provider: f('provider', 'string', true),
      label: f('label', 'string', true),
      createdAt,
    },
  },
  unroutedEvents: {
    table: 'unrouted_events',
    tenantOwned: false,
    placement: 'control',
    key: ['id'],
    fields: {
      id: f('id', 'string'),
      provider: f('provider', 'string'),
      channel: f('channel', 'string'),
      to: f('to_number', 'string'),
      from: f('from_number', 'string', true),
      forwardedFrom: f('forwarded_from', 'string', true),
      code: f('code', 'string'),
      reason: f('reason', 'string'),
      providerEventId: f('provider_event_id', 'string', true),
      createdAt,
    },
  },
  users: {
    table: 'users',
    tenantOwned: false,
    placement: 'control',
    key: ['id'],
    fields: {
      id: f('id', 'string'),
      email: f('email', 'string', true),
      name: f('name', 'string', true),
      imageUrl: f('image_url', 'string', true),
      deletedAt: f('deleted_at', 'timestamp', true),
      createdAt,
      updatedAt,
    },
  },
  globalWebhookReceipts: {
    table: 'global_webhook_receipts',
    tenantOwned: false,
    placement: 'control',
    key: ['provider', 'eventId'],
    fields: {
      provider: f('provider', 'string'),
      eventId: f('event_id', 'string'),
      receivedAt: f('received_at', 'timestamp'),
    },
  },
  globalPromptBundle: {
    table: 'global_prompt_bundle',
    tenantOwned: false,
    placement: 'control',
    key: ['id'],
    fields: { id: f('id', 'string'), sections: f('sections', 'json'), updatedAt },
  },
  members: {
    table: 'tenant_members',
    tenantOwned: true,
    placement: 'control',
    key: ['tenantId', 'userId'],
    fields: {
      tenantId,
      userId: f('user_id', 'string'),
      email: f('email', 'string', true),
      role: f('role', 'string'),
      createdAt,
      updatedAt,
    },
  },
  phoneNumbers: {
    table: 'phone_numbers',
    tenantOwned: true,
    placement: 'control',
    key: ['tenantId', 'id'],
    fields: {
      tenantId,
      id: f('id', 'string'),
      e164: f('e164', 'string'),
      kind: f('kind', 'string'),
      provider: f('provider', 'string', true),
      label: f('label', 'string', true),
      createdAt,
    },
  },
  tenantConfigs: {
    table: 'tenant_configs',
    tenantOwned: true,
    placement: 'tenant',
    key: ['tenantId'],
    fields: { tenantId, config: f('config', 'json'), updatedAt },
  },
  intents: {
    table: 'intents',
    tenantOwned: true,
    placement: 'tenant',
    key: ['tenantId', 'id'],
    fields: {
      tenantId,
      id: f('id', 'string'),
      name: f('name', 'string'),
      description: f('description', 'string'),
      examplePhrases: f('example_phrases', 'json'),
      responses: f('responses', 'json'),
      enabled: f('enabled', 'boolean'),
      createdAt,
      updatedAt,
    },
  },
  promptBundles: {
    table: 'prompt_bundles',
    tenantOwned: true,
    placement: 'tenant',
    key: ['tenantId'],
    fields: { tenantId, sections: f('sections', 'json'), updatedAt },
  },
  calls: {
    table: 'calls',
    tenantOwned: true,
    placement: 'tenant',
    key: ['tenantId', 'id'],
    fields: {
      tenantId,
      id: f('id', 'string'),
      provider: f('provider', 'string'),
      providerCallId: f('provider_call_id', 'string'),
      direction: f('direction', 'string'),
      from: f('from_number', 'string', true),
      to: f('to_number', 'string'),
      forwardedFrom: f('forwarded_from', 'string', true),
      status: f('status', 'string'),
      startedAt: f('started_at', 'timestamp', true),
      endedAt: f('ended_at', 'timestamp', true),
      durationSeconds: f('duration_seconds', 'number', true),
      transcript: f('transcript', 'string', true),
      messages: f('messages', 'json'),
      recordingUrl: f('recording_url', 'string', true),
      summary: f('summary', 'string', true),
      outcome: f('outcome', 'string', true),
      endedReason: f('ended_reason', 'string', true),
      intent: f('intent', 'string', true),
      cost: f('cost', 'number', true),
      metadata: f('metadata', 'json'),
      createdAt,
      updatedAt,
    },
  },
  conversations: {
    table: 'conversations',
    tenantOwned: true,
    placement: 'tenant',
    key: ['tenantId', 'id'],
    fields: {
      tenantId,
      id: f('id', 'string'),
      channel: f('channel', 'string'),
      participant: f('participant', 'string'),
      subject: f('subject', 'string', true),
      lastMessageAt: f('last_message_at', 'timestamp', true),
      createdAt,
      updatedAt,
    },
  },
  messages: {
    table: 'messages',
    tenantOwned: true,
    placement: 'tenant',
    key: ['tenantId', 'id'],
    fields: {
      tenantId,
      id: f('id', 'string'),
      conversationId: f('conversation_id', 'string'),
      direction: f('direction', 'string'),
      body: f('body', 'string'),
      from: f('from_address', 'string'),
      to: f('to_address', 'string'),
      provider: f('provider', 'string', true),
      providerMessageId: f('provider_message_id', 'string', true),
      status: f('status', 'string', true),
      metadata: f('metadata', 'json'),
      createdAt,
    },
  },
  appointments: {
    table: 'appointments',
    tenantOwned: true,
    placement: 'tenant',
    key: ['tenantId', 'id'],
    fields: {
      tenantId,
      id: f('id', 'string'),
      callId: f('call_id', 'string', true),
      customerName: f('customer_name', 'string'),
      customerPhone: f('customer_phone', 'string', true),
      service: f('service', 'string', true),
      partySize: f('party_size', 'integer', true),
      startsAt: f('starts_at', 'timestamp'),
      endsAt: f('ends_at', 'timestamp', true),
      status: f('status', 'string'),
      notes: f('notes', 'string', true),
      externalEventId: f('external_event_id', 'string', true),
      metadata: f('metadata', 'json'),
      createdAt,
      updatedAt,
    },
  },
  auditEvents: {
    table: 'audit_events',
    tenantOwned: true,
    placement: 'tenant',
    key: ['tenantId', 'id'],
    fields: {
      tenantId,
      id: f('id', 'string'),
      actorType: f('actor_type', 'string'),
      actorId: f('actor_id', 'string'),
      action: f('action', 'string'),
      target: f('target', 'string', true),
      detail: f('detail', 'json'),
      createdAt,
    },
  },
  providerAccounts: {
    table: 'provider_accounts',
    tenantOwned: true,
    placement: 'tenant',
    key: ['tenantId', 'provider'],
    fields: {
      tenantId,
      provider: f('provider', 'string'),
      accountId: f('account_id', 'string'),
      sealedSecret: f('sealed_secret', 'string'),
      createdAt,
      updatedAt,
    },
  },
  webhookReceipts: {
    table: 'webhook_receipts',
    tenantOwned: true,
    placement: 'tenant',
    key: ['tenantId', 'provider', 'eventId'],
    fields: {
      tenantId,
      provider: f('provider', 'string'),
      eventId: f('event_id', 'string'),
      receivedAt: f('received_at', 'timestamp'),
    },
  },
} as const satisfies Record<string, ModelDefinition>;

export type ModelName = keyof typeof models;
export type TenantModelName = {
  [K in ModelName]: (typeof models)[K]['tenantOwned'] extends true ? K : never;
}[ModelName];
export type GlobalModelName = Exclude<ModelName, TenantModelName>;
