import type { TenantTokenSigner } from '../crypto/tenant-token.js';
import { createHttpError, NuvatraError } from '../errors/errors.js';
import type { Tenant } from '../schemas/tenant.js';
import type { ToolRegistry } from './registry.js';

/** Where the voice-agent tools answer: `POST /api/tools/<name>`, authenticated by a signed tool token only. */
export const toolsPath = '/api/tools';

/** The purpose of a tool's token: one token opens one tool, so a leaked URL exposes that tool alone. */
export function toolTokenPurpose(toolName: string): string {
  return `tool:${toolName}`;
}

/** A tool as a voice AI provider's portal (Telnyx) takes it: name, description, arguments schema and URL. */
export interface ToolUrl {
  name: string;
  description: string;
  /** JSON Schema of the arguments: the webhook tool's body parameters. */
  parameters: Record<string, unknown>;
  /** `<PUBLIC_BASE_URL>/api/tools/<name>?token=<signed tenant token>`: it names the tenant; keep it secret. */
  url: string;
}

export interface CreateToolUrlInput {
  signer: TenantTokenSigner;
  /** `PUBLIC_BASE_URL`. */
  publicBaseUrl: string;
  tenantId: string;
  tool: string;
  /**
   * Seconds the URL works; `null` (the default) for no expiry, since a URL pasted into a portal must keep working.
   * Such tokens need a signer with key ids: removing the key id revokes them.
   */
  ttlSeconds?: number | null;
}

/** One tenant's URL for one tool: the tenant is in the signed token, never in the clear. */
export async function createToolUrl(input: CreateToolUrlInput): Promise<string> {
  if (!URL.canParse(input.publicBaseUrl)) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `createToolUrl: publicBaseUrl "${input.publicBaseUrl}" is not a URL; set PUBLIC_BASE_URL.`,
    });
  }
  const token = await input.signer.sign({
    tenantId: input.tenantId,
    purpose: toolTokenPurpose(input.tool),
    ttlSeconds: input.ttlSeconds ?? null,
  });
  const url = new URL(`${toolsPath}/${encodeURIComponent(input.tool)}`, new URL(input.publicBaseUrl).origin);
  url.searchParams.set('token', token);
  return url.toString();
}

/**
 * Every tool a tenant has (its plugins' `appliesTo`), each with its own URL: what `nuvatra tools urls --tenant`
 * prints for the Telnyx portal, one webhook tool per entry.
 */
export async function listToolUrls(input: {
  signer: TenantTokenSigner | null;
  publicBaseUrl: string | null;
  tenants: { get(id: string): Promise<Tenant | null> };
  registry: ToolRegistry;
  tenantId: string;
  ttlSeconds?: number | null;
}): Promise<ToolUrl[]> {
  const { signer, publicBaseUrl } = input;
  if (!signer || !publicBaseUrl) {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message:
        'Tool URLs need createNuvatra({ tenantTokens, publicBaseUrl }): a signer from createTenantTokenSigner({ keys, primaryKeyId }) and PUBLIC_BASE_URL.',
    });
  }
  const tenant = await input.tenants.get(input.tenantId);
  if (!tenant) throw createHttpError('TENANT_NOT_FOUND', `No tenant with id "${input.tenantId}".`);
  const urls: ToolUrl[] = [];
  for (const [name, tool] of input.registry.forTenant(tenant)) {
    urls.push({
      name,
      description: tool.description,
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      url: await createToolUrl({
        signer,
        publicBaseUrl,
        tenantId: tenant.id,
        tool: name,
        ttlSeconds: input.ttlSeconds,
      }),
    });
  }
  return urls;
}
