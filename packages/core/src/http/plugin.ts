import type { SecretBox } from '../crypto/secret-box.js';
import type { AnyJobDefinition } from '../jobs/define-job.js';
import type { JobEnqueuer } from '../jobs/enqueue.js';
import type { PhoneNumber } from '../schemas/phone-number.js';
import type { Tenant } from '../schemas/tenant.js';
import type { Storage } from '../storage/create-storage.js';
import type { PluginStorage } from '../storage/extension.js';
import type { TenantScope } from '../storage/scope.js';
import type { CallHandoff, CallHandoffInput } from '../voice/handoff.js';
import type { AnyRoute } from './route.js';

/** A voice-agent tool: runs inside the calling tenant's scope, with arguments the voice AI sent. */
export interface ToolDefinition {
  description: string;
  /** JSON Schema of the arguments, as the voice AI providers take it. */
  parameters?: Record<string, unknown>;
  handle(context: ToolContext, args: unknown): Promise<unknown> | unknown;
}

export interface ToolContext {
  scope: TenantScope;
  storage: Storage;
  /** Enqueues background work for the calling tenant (core adds it to every tool call). */
  jobs: JobEnqueuer;
  /**
   * The voice provider's call this tool call is part of, as the provider names it (a Vapi call id, Telnyx's
   * `x-telnyx-call-control-id`), when it says. For idempotency and for linking records, never for trust: through a
   * tool URL it is a header whoever holds the URL may set.
   */
  call: ToolCallOrigin | null;
  /** Opens the tenant's sealed provider credentials (an OAuth connection's tokens); null without a secret box. */
  secretBox: SecretBox | null;
}

export interface ToolCallOrigin {
  provider: string;
  providerCallId: string;
}

/** A tool as core hands it to the voice plugins: they call it with the scope and storage, core adds the rest. */
export interface RegisteredTool extends Omit<ToolDefinition, 'handle'> {
  handle(
    context: { scope: TenantScope; storage: Storage; call?: ToolCallOrigin | null },
    args: unknown,
  ): Promise<unknown> | unknown;
}

/** Events plugins may react to. Each runs after the event's data is stored. */
export interface PluginHooks {
  tenantCreated?(context: { tenant: Tenant; storage: Storage; jobs: JobEnqueuer }): Promise<void> | void;
  /** A tenant registered a number (provision it at the provider: webhook URLs). Runs inside the tenant's scope. */
  phoneNumberAdded?(context: {
    scope: TenantScope;
    number: PhoneNumber;
    publicBaseUrl: string | null;
    /** To open the tenant's sealed provider credentials. */
    secretBox: SecretBox | null;
    /** Slow provisioning belongs in a job: enqueued here, it is this tenant's and commits with the number. */
    jobs: JobEnqueuer;
  }): Promise<void> | void;
  /** A tenant removed a number (clear what `phoneNumberAdded` set). Runs inside the tenant's scope. */
  phoneNumberRemoved?(context: {
    scope: TenantScope;
    number: PhoneNumber;
    secretBox: SecretBox | null;
    jobs: JobEnqueuer;
  }): Promise<void> | void;
  /**
   * A telephony plugin asks for a voice agent to take a call it stored. The first plugin (in `plugins` order)
   * that answers takes it; `undefined` passes.
   */
  handOffCall?(input: CallHandoffInput): Promise<CallHandoff | undefined> | CallHandoff | undefined;
}

export interface NuvatraPlugin {
  name: string;
  /**
   * Whether the plugin serves this tenant (default: every tenant). For the others it is absent: its tools are not
   * offered to their voice agents and their tool URLs answer 404, its `user` routes answer 404, and its hooks do not
   * run for them. Provider and public routes know no tenant before their handler runs, so they stay mounted.
   */
  appliesTo?(tenant: Tenant): boolean;
  routes?: AnyRoute[];
  tools?: Record<string, ToolDefinition>;
  hooks?: PluginHooks;
  /** Background jobs (`defineJob`); names are unique across plugins. Needs `createNuvatra({ jobs: { driver } })`. */
  jobs?: AnyJobDefinition[];
  /** Tables the plugin brings; `storage.migrate({ plugins })` creates them and `scope.model(name)` reaches them. */
  storage?: PluginStorage;
}

/** Typed identity helper for a plugin: a plain object bringing routes, voice-agent tools, hooks and jobs. */
export function definePlugin<P extends NuvatraPlugin>(plugin: P): P {
  return plugin;
}
