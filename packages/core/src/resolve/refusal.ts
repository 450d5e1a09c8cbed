import type { Provider } from '../schemas/common.js';
import type { Storage } from '../storage/create-storage.js';
import type { ChannelAddress, TenantResolution } from './types.js';

type Refusal = Exclude<TenantResolution, { outcome: 'resolved' }>;

const clip = (value: string, length: number) => (value.length > length ? value.slice(0, length) : value);

/**
 * Keeps a call or message no tenant could be proven for where global admins look (`GET /api/admin/unrouted`);
 * a suspended tenant also finds it in its own audit log. Nothing is guessed: the caller is only told politely.
 * Every telephony plugin records its refusals through this, so they read the same whoever carried the call.
 */
export async function recordRefusal(
  storage: Storage,
  input: {
    provider: Provider;
    resolution: Refusal;
    channel: 'voice' | 'sms';
    address: ChannelAddress;
    from: string;
    providerEventId: string;
  },
): Promise<void> {
  const { resolution, address, provider } = input;
  const code = resolution.outcome === 'refused' ? resolution.code : 'TENANT_NOT_RESOLVED';
  const reason = clip(resolution.reason, 500);
  const forwardedFrom = address.forwardedFrom ? clip(address.forwardedFrom, 64) : null;
  await storage.unrouted.record({
    provider,
    channel: input.channel,
    to: clip(address.to, 64),
    from: input.from ? clip(input.from, 64) : null,
    forwardedFrom,
    code,
    reason,
    providerEventId: input.providerEventId,
  });
  if (resolution.outcome === 'refused' && resolution.code === 'TENANT_SUSPENDED' && resolution.tenantId) {
    await storage.withTenant(resolution.tenantId, (scope) =>
      scope.auditEvents.record({
        actor: { type: 'provider', id: provider },
        action: input.channel === 'voice' ? 'call.refused' : 'message.refused',
        target: input.providerEventId,
        detail: { code, reason, to: address.to, forwardedFrom },
      }),
    );
  }
}
