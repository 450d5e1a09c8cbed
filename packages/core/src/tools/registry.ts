import type { SecretBox } from '../crypto/secret-box.js';
import { NuvatraError } from '../errors/errors.js';
import type { NuvatraPlugin, RegisteredTool } from '../http/plugin.js';
import type { JobEnqueuer } from '../jobs/enqueue.js';
import type { Tenant } from '../schemas/tenant.js';

// A tool's name is part of its token's purpose (`tool:<name>`) and of its URL, and voice AI providers take function
// names of letters, digits, `_` and `-`: lowercase keeps the three agreeing.
const toolNamePattern = /^[a-z][a-z0-9_-]{0,58}$/;

/** Every plugin's voice-agent tools, and which of them a tenant has. */
export interface ToolRegistry {
  readonly all: ReadonlyMap<string, RegisteredTool>;
  /** The tools of the plugins that apply to this tenant (`appliesTo`). */
  forTenant(tenant: Tenant): ReadonlyMap<string, RegisteredTool>;
}

/** Collects the plugins' tools; a repeated or unusable tool name stops start-up. */
export function collectTools(
  plugins: readonly NuvatraPlugin[],
  jobs: JobEnqueuer,
  secretBox: SecretBox | null = null,
): ToolRegistry {
  const all = new Map<string, RegisteredTool>();
  const owners = new Map<string, NuvatraPlugin>();
  for (const plugin of plugins) {
    for (const [name, tool] of Object.entries(plugin.tools ?? {})) {
      const owner = owners.get(name);
      if (owner) {
        throw new NuvatraError({
          code: 'CONFIG_INVALID',
          message: `Plugins "${owner.name}" and "${plugin.name}" both define the voice-agent tool "${name}".`,
        });
      }
      if (!toolNamePattern.test(name)) {
        throw new NuvatraError({
          code: 'CONFIG_INVALID',
          message: `Plugin "${plugin.name}": the tool name "${name.slice(0, 80)}" must be 1-59 lowercase letters, digits, "_" or "-", starting with a letter.`,
        });
      }
      owners.set(name, plugin);
      // The voice plugins call a tool with the scope and storage; core adds what the tool may enqueue through and the
      // secret box that opens the tenant's sealed credentials.
      all.set(name, {
        ...tool,
        handle: (context, args) => tool.handle({ ...context, call: context.call ?? null, jobs, secretBox }, args),
      });
    }
  }
  const scoped = [...owners.values()].some((plugin) => plugin.appliesTo);
  return {
    all,
    forTenant(tenant) {
      if (!scoped) return all;
      return new Map([...all].filter(([name]) => appliesTo(owners.get(name), tenant)));
    },
  };
}

/** Whether a plugin serves a tenant: every tenant unless it says otherwise. */
export function appliesTo(plugin: NuvatraPlugin | undefined, tenant: Tenant): boolean {
  return plugin?.appliesTo ? plugin.appliesTo(tenant) === true : true;
}
