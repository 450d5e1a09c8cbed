import { z } from 'zod';
import type { TenantTokenSigner } from '../crypto/tenant-token.js';
import { createHttpError, isNuvatraError, type NuvatraHttpError } from '../errors/errors.js';
import { readBodyBytes } from '../http/body.js';
import type { Logger } from '../http/log.js';
import type { ToolCallOrigin } from '../http/plugin.js';
import { json } from '../http/response.js';
import { type AnyRoute, defineRoute } from '../http/route.js';
import { createTenantResolver } from '../resolve/chain.js';
import { signedTokenResolver } from '../resolve/token-host.js';
import type { Storage } from '../storage/create-storage.js';
import type { ToolRegistry } from './registry.js';
import { toolsPath, toolTokenPurpose } from './tool-url.js';

/** The header a tool URL's caller may send the token in instead of `?token=` (Telnyx webhook tools set headers). */
const bearerPattern = /^Bearer\s+(\S+)$/i;
/** Telnyx names the call a webhook tool runs for; passed to the tool for idempotency only. */
const telnyxCallHeader = 'x-telnyx-call-control-id';
const toolActor = { type: 'provider', id: 'tool-url' } as const;

/**
 * `POST /api/tools/:name`: a voice AI provider (Telnyx webhook tools, or anything that can call a URL) runs a
 * plugin's tool for one tenant. The only credential is the signed tool token (`?token=` or `Authorization: Bearer`):
 * it names the tenant and the tool. verify → resolve the tenant → check the tool is the tenant's → run it inside the
 * tenant's scope → answer its result as JSON. A refusal runs nothing and is audited in the tenant the token names
 * when its signature is ours, else only logged: an anonymous caller must not be able to write anything.
 */
export function toolRoute(options: { signer: TenantTokenSigner; registry: ToolRegistry; bodyLimit: number }): AnyRoute {
  const route = defineRoute({
    method: 'POST',
    path: `${toolsPath}/:name`,
    auth: 'provider',
    summary: "Run a voice-agent tool for the tenant named by the URL's signed tool token",
    tags: ['tools'],
    // For the OpenAPI document and types: provider routes get the raw path parameters and read the rest themselves.
    params: z.object({ name: z.string() }),
    query: z.object({ token: z.string().optional() }),
    responses: {
      200: { description: "The tool's result, as JSON" },
      401: { description: 'No tool token, or one that is tampered, expired, for another tool or for no tenant' },
      403: { description: 'The tenant is suspended' },
      404: { description: 'The tenant has no such tool' },
    },
    async handle({ request, url, params, storage, log }) {
      const { name } = params;
      const token = readToken(request, url);
      const resolver = createTenantResolver({
        resolvers: [signedTokenResolver({ verifier: options.signer, purpose: toolTokenPurpose(name) })],
        tenants: storage.tenants,
      });
      const resolution = await resolver.resolve({ tenantToken: token });
      if (resolution.outcome !== 'resolved') {
        const code = resolution.outcome === 'refused' ? resolution.code : 'UNAUTHENTICATED';
        await auditRefusal({ signer: options.signer, storage, log }, { token, name, code, reason: resolution.reason });
        throw refusal(code);
      }
      const tool = options.registry.forTenant(resolution.tenant).get(name);
      if (!tool) throw createHttpError('NOT_FOUND', `No tool "${name}" for this tenant.`);
      const args = await readArguments(request, options.bodyLimit);
      const callId = request.headers.get(telnyxCallHeader);
      const call: ToolCallOrigin | null = callId ? { provider: 'telnyx', providerCallId: callId.slice(0, 255) } : null;
      const result = await storage.withTenant(resolution.tenantId, (scope) =>
        tool.handle({ scope, storage, call }, args),
      );
      return json(result ?? null);
    },
  });
  return route as AnyRoute;
}

function readToken(request: Request, url: URL): string | null {
  const header = bearerPattern.exec(request.headers.get('authorization')?.trim() ?? '')?.[1];
  return header ?? (url.searchParams.get('token') || null);
}

/** 401 for every token problem (a deleted tenant's token included); 403 for a suspended tenant. */
function refusal(code: string): NuvatraHttpError {
  if (code === 'TENANT_SUSPENDED') return createHttpError('TENANT_SUSPENDED', 'This business is suspended.');
  if (code === 'TOKEN_EXPIRED' || code === 'TOKEN_WRONG_PURPOSE') {
    return createHttpError(code, 'This tool URL has expired or belongs to another tool; issue the tool URLs again.');
  }
  if (code === 'UNAUTHENTICATED') {
    return createHttpError(
      'UNAUTHENTICATED',
      'Send the tool token: the tool URL\'s "?token=" or "Authorization: Bearer <token>".',
    );
  }
  return createHttpError('TOKEN_INVALID', 'The tool token is not valid; issue the tool URLs again.');
}

async function auditRefusal(
  context: { signer: TenantTokenSigner; storage: Storage; log: Logger },
  refused: { token: string | null; name: string; code: string; reason: string },
) {
  const claims = refused.token ? await context.signer.inspect(refused.token) : null;
  const fields = { tool: refused.name, code: refused.code, keyId: claims?.keyId ?? null };
  context.log.warn('tool call refused', { ...fields, tenantId: claims?.tenantId ?? null });
  if (!claims) return;
  try {
    // Its own transaction: nothing of the refused call runs, and the record stays.
    await context.storage.withTenant(claims.tenantId, (scope) =>
      scope.auditEvents.record({
        actor: toolActor,
        action: 'tool.refused',
        target: `POST ${toolsPath}/${refused.name}`.slice(0, 255),
        detail: { ...fields, reason: refused.reason.slice(0, 500) },
      }),
    );
  } catch (error) {
    // A signed token of a tenant since deleted has no audit log to go to; the log line above is the record.
    if (!isNuvatraError(error, 'TENANT_NOT_FOUND')) throw error;
  }
}

/**
 * The body is the tool's arguments as a JSON object (a Telnyx webhook tool sends its body parameters so); an empty
 * body is no arguments. Read without insisting on a Content-Type, which portals do not always let one set.
 */
async function readArguments(request: Request, limit: number): Promise<Record<string, unknown>> {
  const bytes = await readBodyBytes(request, limit);
  if (bytes.byteLength === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw createHttpError('INVALID_JSON', `The tool arguments are not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw createHttpError('VALIDATION_FAILED', 'The tool arguments must be a JSON object.');
  }
  return value as Record<string, unknown>;
}
