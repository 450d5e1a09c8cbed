import type { SecretBox } from '@nuvatra/core';
import { z } from 'zod';

// The OAuth `state` is sealed (AES-GCM) by core's secret box: authenticated, so a tampered or foreign one does not
// open, and opaque, so neither the tenant nor the user can be read off the consent URL. The associated data names the
// purpose, so no other sealed value (a tenant's sealed credentials) can pass for a state.
const purpose = 'nuvatra google oauth state v1';

const claimsSchema = z.object({
  /** Tenant id, user id, kind, nonce (the key of the verifier's row), expiry in epoch ms. */
  t: z.string().min(1),
  u: z.string().min(1),
  k: z.string().min(1),
  n: z.string().min(1),
  e: z.number().int().positive(),
});
export type StateClaims = z.infer<typeof claimsSchema>;

export function sealState(secretBox: SecretBox, claims: StateClaims): Promise<string> {
  return secretBox.seal(JSON.stringify(claims), purpose);
}

/** The claims of a state this deployment sealed; null for anything else (tampered, foreign, malformed). */
export async function openState(secretBox: SecretBox, state: string): Promise<StateClaims | null> {
  if (state.length > 2048) return null;
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(await secretBox.open(state, purpose)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
