import { tryNormalizePhoneNumber } from '../phone/normalize.js';
import type { RoutingReads } from '../storage/driver.js';
import { type ChannelAddress, type ResolutionInput, resolutionMemo, type TenantResolver } from './types.js';

type Routing = Pick<RoutingReads, 'tenantIdByNumber' | 'isSharedNumber' | 'numberRoute'>;

/**
 * What one resolution learnt of a number (shared? owned by whom?): the forwarding and the called-number resolvers
 * both ask about the called number, and every call and message is resolved, so it is read once per resolution.
 * The chain hands each resolution a fresh map (`resolutionMemo`), so nothing outlives it.
 */
function numberRoute(routing: Routing, input: ResolutionInput, e164: string) {
  const memo = input[resolutionMemo];
  const key = `number-route:${e164}`;
  const known = memo?.get(key) as Promise<{ shared: boolean; owner: string | null }> | undefined;
  if (known) return known;
  const route = routing.numberRoute
    ? routing.numberRoute(e164)
    : Promise.all([routing.isSharedNumber(e164), routing.tenantIdByNumber(e164, 'owned')]).then(([shared, owner]) => ({
        shared,
        owner,
      }));
  memo?.set(key, route);
  return route;
}

function normalized(channel: ChannelAddress, number: string) {
  const region = channel.region?.toUpperCase();
  return tryNormalizePhoneNumber(number, region && /^[A-Z]{2}$/.test(region) ? { region } : {});
}

/** The tenant that owns the called number. A shared number is left to `forwardingNumberResolver`. */
export function calledNumberResolver(options: { routing: Routing }): TenantResolver {
  return {
    name: 'called-number',
    async resolve(input) {
      const { channel } = input;
      if (!channel) return { outcome: 'abstain', reason: 'not a call or message' };
      const to = normalized(channel, channel.to);
      if (!to)
        return { outcome: 'refuse', code: 'INVALID_PHONE_NUMBER', reason: 'the called number is not a phone number' };
      const { shared, owner: tenantId } = await numberRoute(options.routing, input, to);
      if (shared) return { outcome: 'abstain', reason: `${to} is a shared number` };
      if (!tenantId) return { outcome: 'refuse', code: 'TENANT_NOT_RESOLVED', reason: `${to} is not registered` };
      return { outcome: 'resolved', tenantId, reason: `${to} is owned` };
    },
  };
}

/**
 * On a shared assistant number, the tenant whose registered forwarding line the call came from. No forwarding
 * line, or one nobody registered, is refused: two clinics forwarding to one number must never be confused.
 */
export function forwardingNumberResolver(options: { routing: Routing }): TenantResolver {
  return {
    name: 'forwarding-number',
    async resolve(input) {
      const { channel } = input;
      if (!channel) return { outcome: 'abstain', reason: 'not a call or message' };
      const to = normalized(channel, channel.to);
      if (!to || !(await numberRoute(options.routing, input, to)).shared)
        return { outcome: 'abstain', reason: 'not a shared number' };
      if (!channel.forwardedFrom) {
        return {
          outcome: 'refuse',
          code: 'TENANT_NOT_RESOLVED',
          reason: `${to} is shared and the call names no forwarding line`,
        };
      }
      const from = normalized(channel, channel.forwardedFrom);
      if (!from)
        return { outcome: 'refuse', code: 'INVALID_PHONE_NUMBER', reason: 'the forwarding line is not a phone number' };
      const tenantId = await options.routing.tenantIdByNumber(from, 'forwarding');
      if (!tenantId) {
        return { outcome: 'refuse', code: 'TENANT_NOT_RESOLVED', reason: `forwarding line ${from} is not registered` };
      }
      return { outcome: 'resolved', tenantId, reason: `${to} forwarded from ${from}` };
    },
  };
}
