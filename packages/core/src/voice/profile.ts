import { type ComposedPrompt, composePrompt } from '../prompt/compose.js';
import type { Intent } from '../schemas/intent.js';
import type { Tenant } from '../schemas/tenant.js';
import type { TenantConfig } from '../schemas/tenant-config.js';
import type { Storage } from '../storage/create-storage.js';
import type { TenantScope } from '../storage/scope.js';

/** Everything a voice agent is built from, read once per call inside the tenant's scope. */
export interface VoiceProfile {
  tenant: Tenant;
  /** null when the tenant has no profile yet. */
  config: TenantConfig | null;
  /** Enabled intents only. */
  intents: Intent[];
  prompt: ComposedPrompt;
}

export async function loadVoiceProfile(
  scope: TenantScope,
  storage: Pick<Storage, 'globalPrompt'>,
): Promise<VoiceProfile> {
  const [config, intents, globalPrompt, tenantPrompt] = await Promise.all([
    scope.config.get(),
    scope.intents.all(),
    storage.globalPrompt.get(),
    scope.prompt.get(),
  ]);
  return {
    tenant: scope.tenant,
    config,
    intents: intents.filter((intent) => intent.enabled),
    prompt: composePrompt(globalPrompt, tenantPrompt),
  };
}
