import type { NuvatraServices, TenantResolution } from '@nuvatra/core';
import { numberFromAddress } from './map.js';

/**
 * The tenant of one of our numbers as Telnyx wrote it (core's channel resolution: owned number, or refused); an
 * address that is no phone number (a SIP user) names no tenant.
 */
export async function resolveNumber(
  services: NuvatraServices,
  address: string,
): Promise<{ number: string | null; resolution: TenantResolution }> {
  const number = numberFromAddress(address);
  if (!number)
    return { number, resolution: { outcome: 'unresolved', reason: `${address} is not a phone number`, trace: [] } };
  return { number, resolution: await services.resolveChannel({ to: number }) };
}
