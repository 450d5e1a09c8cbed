import { z } from 'zod';
import { NuvatraError } from '../errors/errors.js';
import { normalizePhoneNumber } from '../phone/normalize.js';
import { createIntentInputSchema } from '../schemas/intent.js';
import { createPhoneNumberInputSchema } from '../schemas/phone-number.js';
import { promptSectionsSchema } from '../schemas/prompt-bundle.js';
import { createTenantInputSchema, type Tenant } from '../schemas/tenant.js';
import { tenantConfigSchema } from '../schemas/tenant-config.js';
import type { Storage } from '../storage/create-storage.js';

/** `clients/<CLIENT_ID>/config.json`: the one tenant of a single-tenant deployment, kept in the repository. */
export const clientConfigSchema = z
  .object({
    $schema: z.string().optional(),
    tenant: createTenantInputSchema.pick({ name: true, plan: true }),
    config: tenantConfigSchema,
    phoneNumbers: z.array(createPhoneNumberInputSchema).max(100).default([]),
    intents: z.array(createIntentInputSchema).max(500).default([]),
    prompt: promptSectionsSchema.optional(),
  })
  .strict();
export type ClientConfig = z.output<typeof clientConfigSchema>;
export type ClientConfigInput = z.input<typeof clientConfigSchema>;

/** Parses a client config file's JSON text; a bad file is CONFIG_INVALID naming the file and the field. */
export function parseClientConfig(text: string, source: string): ClientConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `${source} is not valid JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
  const result = clientConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues
    .slice(0, 10)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new NuvatraError({
    code: 'CONFIG_INVALID',
    message: `${source} is not a valid client config:\n  ${lines.join('\n  ')}`,
    cause: result.error,
  });
}

/**
 * Makes storage match the client config: creates the tenant on first start, then replaces its configuration
 * and prompt, and adds the numbers and intents it does not have yet (ones added in the dashboard are kept).
 * All of the tenant's changes happen in one transaction.
 */
export async function applyClientConfig(storage: Storage, slug: string, client: ClientConfig): Promise<Tenant> {
  const existing = await storage.routing.tenantIdBySlug(slug);
  const tenant = existing
    ? await storage.tenants.update(existing, {
        name: client.tenant.name,
        ...(client.tenant.plan ? { plan: client.tenant.plan } : {}),
      })
    : await storage.tenants.create({ slug, ...client.tenant });
  await storage.withTenant(tenant.id, async (scope) => {
    await scope.config.put(client.config);
    if (client.prompt) await scope.prompt.put(client.prompt);
    for (const number of client.phoneNumbers) {
      const e164 = normalizePhoneNumber(number.number, number.region ? { region: number.region } : {});
      if (!(await scope.phoneNumbers.findByNumber(e164, number.kind))) await scope.phoneNumbers.create(number);
    }
    const names = new Set((await scope.intents.all()).map((intent) => intent.name));
    for (const intent of client.intents) if (!names.has(intent.name)) await scope.intents.create(intent);
  });
  return tenant;
}
