import { createHttpError, NuvatraError } from '../errors/errors.js';
import type { Tenant } from '../schemas/tenant.js';
import type { DriverSession } from './driver.js';
import { type AppointmentsRepository, appointmentsRepository } from './repositories/appointments.js';
import {
  type AuditEventsRepository,
  auditEventsRepository,
  type WebhookReceiptsRepository,
  webhookReceiptsRepository,
} from './repositories/audit.js';
import { type CallsRepository, callsRepository } from './repositories/calls.js';
import type { RepositoryContext } from './repositories/context.js';
import {
  type ConversationsRepository,
  conversationsRepository,
  type MessagesRepository,
  messagesRepository,
} from './repositories/conversations.js';
import { type IntentsRepository, intentsRepository } from './repositories/intents.js';
import { type MembersRepository, membersRepository } from './repositories/members.js';
import { type PhoneNumbersRepository, phoneNumbersRepository } from './repositories/phone-numbers.js';
import { type ProviderAccountsRepository, providerAccountsRepository } from './repositories/provider-accounts.js';
import {
  type TenantConfigRepository,
  type TenantPromptRepository,
  tenantConfigRepository,
  tenantPromptRepository,
} from './repositories/settings.js';

/** Everything one tenant owns, reachable only while its `withTenant` callback runs. */
export interface TenantScope {
  readonly tenantId: string;
  readonly tenant: Tenant;
  readonly members: MembersRepository;
  readonly phoneNumbers: PhoneNumbersRepository;
  readonly config: TenantConfigRepository;
  readonly intents: IntentsRepository;
  readonly prompt: TenantPromptRepository;
  readonly calls: CallsRepository;
  readonly conversations: ConversationsRepository;
  readonly messages: MessagesRepository;
  readonly appointments: AppointmentsRepository;
  readonly auditEvents: AuditEventsRepository;
  readonly webhookReceipts: WebhookReceiptsRepository;
  readonly providerAccounts: ProviderAccountsRepository;
  /**
   * A plugin's own tenant-owned model (registered by `storage.migrate({ plugins })`), bound to this tenant like
   * every repository: rows of other tenants can be neither read nor written through it. Rows are the plugin's
   * to validate.
   */
  model(name: string): PluginModelSession;
}

type Unbound<F> = F extends (model: string, ...rest: infer A) => infer R ? (...args: A) => R : never;

/** The driver session's operations on one plugin model, with the model already named. */
export type PluginModelSession = { [K in keyof DriverSession<string>]: Unbound<DriverSession<string>[K]> };

function bindModel(session: DriverSession<string>, name: string): PluginModelSession {
  return {
    insert: (row) => session.insert(name, row),
    insertIfAbsent: (row) => session.insertIfAbsent(name, row),
    findOne: (where) => session.findOne(name, where),
    findMany: (options) => session.findMany(name, options),
    update: (where, patch) => session.update(name, where, patch),
    delete: (where) => session.delete(name, where),
    count: (where) => session.count(name, where),
  };
}

/**
 * Wraps every method so that a scope kept past the end of its `withTenant` refuses to work: its transaction
 * is gone, and a late write must not land outside it.
 */
function guarded<R extends object>(repository: R, isOpen: () => boolean, tenantId: string): R {
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(repository)) {
    if (typeof member !== 'function') continue;
    wrapped[name] = (...args: unknown[]) => {
      if (!isOpen()) {
        return Promise.reject(
          createHttpError(
            'TENANT_SCOPE_CLOSED',
            `The scope of tenant "${tenantId}" has ended; do the work inside storage.withTenant(…).`,
          ),
        );
      }
      return (member as (...a: unknown[]) => unknown).apply(wrapped, args);
    };
  }
  return wrapped as R;
}

export function createTenantScope(
  context: RepositoryContext,
  tenant: Tenant,
  isOpen: () => boolean,
  pluginModels: ReadonlySet<string> = new Set(),
): TenantScope {
  const g = <R extends object>(repository: R) => guarded(repository, isOpen, tenant.id);
  // Each repository is made when first used: a transaction touches two or three of the twelve, and a scope is
  // opened on every request.
  const made = new Map<string, object>();
  const lazy = <R extends object>(name: string, make: (context: RepositoryContext) => R): R => {
    let repository = made.get(name) as R | undefined;
    if (!repository) {
      repository = g(make(context));
      made.set(name, repository);
    }
    return repository;
  };
  return {
    tenantId: tenant.id,
    tenant,
    get members() {
      return lazy('members', membersRepository);
    },
    get phoneNumbers() {
      return lazy('phoneNumbers', phoneNumbersRepository);
    },
    get config() {
      return lazy('config', tenantConfigRepository);
    },
    get intents() {
      return lazy('intents', intentsRepository);
    },
    get prompt() {
      return lazy('prompt', tenantPromptRepository);
    },
    get calls() {
      return lazy('calls', callsRepository);
    },
    get conversations() {
      return lazy('conversations', conversationsRepository);
    },
    get messages() {
      return lazy('messages', messagesRepository);
    },
    get appointments() {
      return lazy('appointments', appointmentsRepository);
    },
    get auditEvents() {
      return lazy('auditEvents', auditEventsRepository);
    },
    get webhookReceipts() {
      return lazy('webhookReceipts', webhookReceiptsRepository);
    },
    get providerAccounts() {
      return lazy('providerAccounts', providerAccountsRepository);
    },
    model(name: string) {
      if (!pluginModels.has(name)) {
        throw new NuvatraError({
          code: 'CONFIG_INVALID',
          message: `No plugin model "${name}": pass its plugin to storage.migrate({ plugins }) at start-up.`,
        });
      }
      return g(bindModel(context.session as unknown as DriverSession<string>, name));
    },
  };
}
