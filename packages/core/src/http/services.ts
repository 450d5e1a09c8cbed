import type { SecretBox } from '../crypto/secret-box.js';
import type { JobEnqueuer } from '../jobs/enqueue.js';
import { createTenantResolver } from '../resolve/chain.js';
import { calledNumberResolver, forwardingNumberResolver } from '../resolve/channel.js';
import type { ChannelAddress, TenantResolution } from '../resolve/types.js';
import type { PhoneNumber } from '../schemas/phone-number.js';
import type { Tenant } from '../schemas/tenant.js';
import type { TenantConfigInput } from '../schemas/tenant-config.js';
import type { Storage } from '../storage/create-storage.js';
import { deepFreeze } from '../storage/freeze.js';
import type { TenantScope } from '../storage/scope.js';
import { appliesTo, type ToolRegistry } from '../tools/registry.js';
import type { CallHandoff, CallHandoffInput } from '../voice/handoff.js';
import { loadVoiceProfile, type VoiceProfile } from '../voice/profile.js';
import type { NuvatraPlugin, RegisteredTool } from './plugin.js';

/** What core offers every route handler besides storage: the pieces plugins meet through. */
export interface NuvatraServices {
  /** `PUBLIC_BASE_URL`: the origin providers call. Provider signatures are checked against it, never against Host. */
  publicBaseUrl: string | null;
  /** Seals tenants' provider credentials (`NUVATRA_SECRET_KEY`); null when no key is configured. */
  secretBox: SecretBox | null;
  /** The tenant of a call or message: forwarding line on a shared number, else the called number. */
  resolveChannel(channel: ChannelAddress): Promise<TenantResolution>;
  /** Asks the voice plugins, in order, to take a call; null when none does. */
  handOffCall(input: Omit<CallHandoffInput, 'publicBaseUrl' | 'storage' | 'tools'>): Promise<CallHandoff | null>;
  /** The tenant's prompt, intents, hours, profile and voice, for building its voice agent. */
  voiceProfile(scope: TenantScope): Promise<VoiceProfile>;
  /** Every plugin's voice-agent tools; offer a tenant only `toolsFor(tenant)`. */
  tools: ReadonlyMap<string, RegisteredTool>;
  /** The tools a tenant has: those of the plugins that apply to it (`appliesTo`). */
  toolsFor(tenant: Tenant): ReadonlyMap<string, RegisteredTool>;
  /**
   * Background work: `enqueue(name, payload, { tenantId })`. Inside a tenant's scope (a route, a hook, a tool, a
   * job) the tenant is that one, and naming another is FORBIDDEN.
   */
  jobs: JobEnqueuer;
  /** Runs the plugins' number hooks (provisioning at the provider). */
  phoneNumberAdded(scope: TenantScope, number: PhoneNumber): Promise<void>;
  phoneNumberRemoved(scope: TenantScope, number: PhoneNumber): Promise<void>;
  /** The configuration a new tenant starts from: the deployment's template with the business's name. */
  initialConfig(name: string): TenantConfigInput;
  /** Tells the plugins a tenant was created (their `tenantCreated` hooks), after it is stored. */
  tenantCreated(tenant: Tenant): Promise<void>;
}

export function createServices(options: {
  storage: Storage;
  plugins: readonly NuvatraPlugin[];
  tools: ToolRegistry;
  jobs: JobEnqueuer;
  publicBaseUrl: string | null;
  secretBox: SecretBox | null;
  tenantTemplate: Partial<Omit<TenantConfigInput, 'businessProfile'>>;
}): NuvatraServices {
  const { storage, plugins, publicBaseUrl, jobs } = options;
  const channelResolver = createTenantResolver({
    resolvers: [
      forwardingNumberResolver({ routing: storage.routing }),
      calledNumberResolver({ routing: storage.routing }),
    ],
    tenants: storage.tenants,
  });
  const profiles = voiceProfileCache(storage);
  return {
    publicBaseUrl,
    secretBox: options.secretBox,
    tools: options.tools.all,
    toolsFor: options.tools.forTenant,
    jobs,
    resolveChannel: (channel) => channelResolver.resolve({ channel }),
    async handOffCall(input) {
      if (!publicBaseUrl) return null;
      const { tenant } = input.profile;
      const tools = options.tools.forTenant(tenant);
      for (const plugin of plugins) {
        if (!appliesTo(plugin, tenant)) continue;
        const handoff = await plugin.hooks?.handOffCall?.({ ...input, storage, publicBaseUrl, tools });
        if (handoff) return handoff;
      }
      return null;
    },
    voiceProfile: (scope) => profiles.get(scope),
    async phoneNumberAdded(scope, number) {
      for (const plugin of plugins) {
        if (!appliesTo(plugin, scope.tenant)) continue;
        await plugin.hooks?.phoneNumberAdded?.({ scope, number, publicBaseUrl, secretBox: options.secretBox, jobs });
      }
    },
    async phoneNumberRemoved(scope, number) {
      for (const plugin of plugins) {
        if (!appliesTo(plugin, scope.tenant)) continue;
        await plugin.hooks?.phoneNumberRemoved?.({ scope, number, secretBox: options.secretBox, jobs });
      }
    },
    initialConfig: (name) => ({ timezone: 'UTC', ...options.tenantTemplate, businessProfile: { name } }),
    async tenantCreated(tenant) {
      for (const plugin of plugins) {
        if (appliesTo(plugin, tenant)) await plugin.hooks?.tenantCreated?.({ tenant, storage, jobs });
      }
    },
  };
}

/**
 * Voice profiles as last read, kept while `storage.readVersion(tenantId)` stays the same: every call reads its
 * tenant's profile (four reads and their parsing) and few requests change one. Bounded; what it hands out is frozen,
 * since every call of the tenant shares it.
 */
function voiceProfileCache(storage: Storage) {
  const entries = new Map<string, { version: number; profile: VoiceProfile }>();
  return {
    async get(scope: TenantScope): Promise<VoiceProfile> {
      const version = storage.readVersion(scope.tenantId);
      if (version === null) return loadVoiceProfile(scope, storage);
      const cached = entries.get(scope.tenantId);
      // The scope's tenant is compared too: a tenant read afresh (renamed, its plugins changed) means a new profile.
      if (cached && cached.version === version && cached.profile.tenant === scope.tenant) return cached.profile;
      const profile = deepFreeze(await loadVoiceProfile(scope, storage));
      // A write that ended while this read ran may have changed it: keep only what no write overtook.
      if (storage.readVersion(scope.tenantId) === version) {
        if (entries.size >= 10_000) entries.clear();
        entries.set(scope.tenantId, { version, profile });
      }
      return profile;
    },
  };
}
