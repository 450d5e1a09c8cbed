import { parseOrThrow } from '../../errors/zod.js';
import { type PromptBundle, promptBundleSchema, promptSectionsSchema } from '../../schemas/prompt-bundle.js';
import { type TenantConfig, tenantConfigSchema } from '../../schemas/tenant-config.js';
import type { RepositoryContext } from './context.js';

/** The tenant's configuration: one document, replaced whole so it is always valid as a whole. */
export function tenantConfigRepository({ session, now }: RepositoryContext) {
  return {
    async get(): Promise<TenantConfig | null> {
      const row = await session.findOne('tenantConfigs', []);
      return row ? parseOrThrow(tenantConfigSchema, row.config, 'stored tenant config') : null;
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
