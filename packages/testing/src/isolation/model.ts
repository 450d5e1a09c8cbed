import type {
  Appointment,
  AuditEvent,
  Call,
  Conversation,
  Intent,
  Member,
  Message,
  PhoneNumber,
  PromptBundle,
  TenantConfig,
  TenantScope,
} from '@nuvatra/core';
import type { Random } from './random.js';

/** What one tenant's storage must hold, as the suite believes it; rows are exactly what the port returned. */
export interface TenantModel {
  index: number;
  id: string;
  slug: string;
  externalId: string;
  calls: Map<string, Call>;
  intents: Map<string, Intent>;
  appointments: Map<string, Appointment>;
  conversations: Map<string, Conversation>;
  messages: Map<string, Message>;
  phoneNumbers: Map<string, PhoneNumber>;
  /** By user id. */
  members: Map<string, Member>;
  auditEvents: Map<string, AuditEvent>;
  /** `${provider}:${eventId}` of every recorded webhook event. */
  receipts: Set<string>;
  config: TenantConfig | null;
  prompt: PromptBundle | null;
}

export function createTenantModel(index: number, id: string, slug: string, externalId: string): TenantModel {
  return {
    index,
    id,
    slug,
    externalId,
    calls: new Map(),
    intents: new Map(),
    appointments: new Map(),
    conversations: new Map(),
    messages: new Map(),
    phoneNumbers: new Map(),
    members: new Map(),
    auditEvents: new Map(),
    receipts: new Set(),
    config: null,
    prompt: null,
  };
}

/** The kinds of row another tenant may try to reach by id or key. */
export type RowKind = 'call' | 'intent' | 'appointment' | 'conversation' | 'message' | 'phoneNumber' | 'member';

/** A row of another tenant that a step tried to change; it is checked, in its own tenant, after the batch. */
export interface Victim {
  tenant: TenantModel;
  kind: RowKind;
  key: string;
}

/** One batch of operations inside one tenant's withTenant. */
export interface Step {
  scope: TenantScope;
  self: TenantModel;
  /** Every other tenant; empty in concurrent rounds, where only a tenant's own rows are touched. */
  others: TenantModel[];
  random: Random;
  /** A token unique in the whole run and the same on replay, for provider ids and numbers. */
  serial(): number;
  victims: Victim[];
  /** Says what the step is doing, for the failure message. */
  note(doing: string): void;
}

export type Operation = (step: Step) => Promise<void>;

export function rowsOf(model: TenantModel, kind: RowKind): Map<string, unknown> {
  const maps = {
    call: model.calls,
    intent: model.intents,
    appointment: model.appointments,
    conversation: model.conversations,
    message: model.messages,
    phoneNumber: model.phoneNumbers,
    member: model.members,
  } satisfies Record<RowKind, Map<string, unknown>>;
  return maps[kind];
}

/** A random value of a map in insertion order, so a replay picks the same row. */
export function pickValue<T>(random: Random, map: Map<string, T>): T | undefined {
  if (map.size === 0) return undefined;
  return random.pick([...map.values()]);
}
