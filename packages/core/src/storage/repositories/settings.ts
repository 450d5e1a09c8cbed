import { parseOrThrow } from '../../errors/zod.js';
import { type PromptBundle, promptBundleSchema, promptSectionsSchema } from '../../schemas/prompt-bundle.js';
import { type TenantConfig, tenantConfigSchema } from '../../schemas/tenant-config.js';
import { deepFreeze } from '../freeze.js';
import type { RepositoryContext } from './context.js';

// Every call reads its tenant's config, and parsing it is the dearest step of the read: configs are parsed once per
// distinct stored text. The parse is a pure function of that text, so the cache needs no invalidation; it is
// bounded, and what it hands out is frozen because every reader shares it.
const parsedConfigs = new Map<string, TenantConfig>();

function parseStoredConfig(value: unknown): TenantConfig {
  const text = JSON.stringify(value);
  const known = parsedConfigs.get(text);
  if (known) return known;
  const config = deepFreeze(parseOrThrow(tenantConfigSchema, value, 'stored tenant config'));
  if (parsedConfigs.size >= 1_000) parsedConfigs.clear();
  parsedConfigs.set(text, config);
  return config;
}

/** The tenant's configuration: one document, replaced whole so it is always valid as a whole. */
export function tenantConfigRepository({ session, now }: RepositoryContext) {
  return {
    async get(): Promise<TenantConfig | null> {
      const row = await session.findOne('tenantConfigs', []);
      return row ? parseStoredConfig(row.config) : null;
    },
    async put(input: unknown): Promise<TenantConfig> {
      const config = parseOrThrow(tenantConfigSchema, input, 'tenant config');
      const row = { config, updatedAt: now() };
      if (!(await session.insertIfAbsent('tenantConfigs', row))) await session.update('tenantConfigs', [], row);
      return config;
    },
  };
}
export type TenantConfigRepository = ReturnType<typeof tenantConfigRepository>;

/** The tenant's own prompt sections; composed over the global bundle by `composePrompt`. */
export function tenantPromptRepository({ tenantId, session, now }: RepositoryContext) {
  return {
    async get(): Promise<PromptBundle | null> {
      const row = await session.findOne('promptBundles', []);
      return row ? parseOrThrow(promptBundleSchema, { ...row, tenantId }, 'stored prompt bundle') : null;
    },
    async put(sections: unknown): Promise<PromptBundle> {
      const parsed = parseOrThrow(promptSectionsSchema, sections, 'prompt sections');
      const bundle: PromptBundle = { tenantId, sections: parsed, updatedAt: now() };
      const row = { sections: parsed, updatedAt: bundle.updatedAt };
      if (!(await session.insertIfAbsent('promptBundles', row))) await session.update('promptBundles', [], row);
      return bundle;
    },
  };
}
export type TenantPromptRepository = ReturnType<typeof tenantPromptRepository>;
