import { type Call, createHttpError, type ErrorCode, type TenantScope } from '@nuvatra/core';
import type { VapiCallFacts } from '../map.js';
import { type MessageContext, vapiActor } from './context.js';

// Which tenant a server message belongs to. Echoed metadata is a claim, never proof: it counts only when the
// call it names exists in the tenant it names and carries this Vapi call id. Without metadata, the number Vapi
// answered on decides, through the same channel resolution as a phone call.

export type CallTenant =
  | { outcome: 'tenant'; tenantId: string; via: 'metadata' | 'number' }
  | { outcome: 'mismatch'; reason: string; tenantId?: string }
  | { outcome: 'unrouted'; code: ErrorCode; reason: string; tenantId?: string };

export async function findCallTenant(context: MessageContext, facts: VapiCallFacts): Promise<CallTenant> {
  const { claim } = facts;
  if (claim.kind === 'invalid') {
    const known = claim.tenantId && (await context.storage.tenants.get(claim.tenantId));
    return { outcome: 'mismatch', reason: claim.reason, ...(known ? { tenantId: claim.tenantId } : {}) };
  }
  if (claim.kind === 'call') {
    if (!(await context.storage.tenants.get(claim.tenantId))) {
      return { outcome: 'mismatch', reason: `the metadata names tenant "${claim.tenantId}", which does not exist` };
    }
    return { outcome: 'tenant', tenantId: claim.tenantId, via: 'metadata' };
  }
  if (!facts.to) {
    return { outcome: 'unrouted', code: 'TENANT_NOT_RESOLVED', reason: 'no metadata and no called number' };
  }
  const resolution = await context.services.resolveChannel({ to: facts.to, forwardedFrom: facts.forwardedFrom });
  if (resolution.outcome === 'resolved') return { outcome: 'tenant', tenantId: resolution.tenantId, via: 'number' };
  if (resolution.outcome === 'unresolved') {
    return { outcome: 'unrouted', code: 'TENANT_NOT_RESOLVED', reason: resolution.reason };
  }
  return {
    outcome: 'unrouted',
    code: resolution.code,
    reason: resolution.reason,
    ...(resolution.tenantId ? { tenantId: resolution.tenantId } : {}),
  };
}

/** Why a message is refused when its metadata names a real call of a real tenant, but not this Vapi call. */
export const notThisCall = 'the call it names is not this Vapi call';

/**
 * Our record of the call, inside its tenant's scope: by metadata, the named call if it is this Vapi call
 * (ours, or a Twilio call we handed to this Vapi call), else `mismatch`; by number, the Vapi call if we stored
 * it, else null.
 */
export async function findCall(
  scope: TenantScope,
  facts: VapiCallFacts,
  via: 'metadata' | 'number',
): Promise<Call | null | 'mismatch'> {
  if (via === 'number') return scope.calls.getByProviderCallId('vapi', facts.vapiCallId);
  if (facts.claim.kind !== 'call') return 'mismatch';
  const call = await scope.calls.get(facts.claim.callId);
  if (!call) return 'mismatch';
  const ours = call.provider === 'vapi' && call.providerCallId === facts.vapiCallId;
  return ours || call.metadata.agentCallId === facts.vapiCallId ? call : 'mismatch';
}

/**
 * Refuses a message whose metadata does not match what we stored: audited in the tenant it names (when that
 * tenant exists) and kept for admins as unrouted; nothing else is written. Throws the 403.
 */
export async function refuseMismatch(
  context: MessageContext,
  facts: VapiCallFacts,
  type: string,
  reason: string,
  tenantId?: string,
): Promise<never> {
  const claimedCallId = facts.claim.kind === 'call' ? facts.claim.callId : null;
  if (tenantId) {
    await context.storage.withTenant(tenantId, (scope) =>
      scope.auditEvents.record({
        actor: vapiActor,
        action: 'vapi.metadata_refused',
        target: facts.vapiCallId,
        detail: { type, reason, claimedCallId },
      }),
    );
  }
  await recordUnrouted(context, facts, 'FORBIDDEN', `${type}: ${reason}`);
  context.log.warn('vapi message refused: metadata mismatch', { vapiCallId: facts.vapiCallId, type, reason });
  throw createHttpError('FORBIDDEN', 'The call metadata does not match a call this deployment started.');
}

/** Keeps a message no tenant could be proven for, for global admins (`GET /api/admin/unrouted`). */
export async function recordUnrouted(context: MessageContext, facts: VapiCallFacts, code: string, reason: string) {
  await context.storage.unrouted.record({
    provider: 'vapi',
    channel: 'voice',
    to: (facts.to ?? 'unknown').slice(0, 64),
    from: facts.from,
    forwardedFrom: facts.forwardedFrom,
    code,
    reason: reason.slice(0, 500),
    providerEventId: facts.vapiCallId,
  });
}
