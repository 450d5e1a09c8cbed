import type { TenantTokenSigner } from '@nuvatra/core';

/** The purpose of a registration link's token: it opens the registration form, and nothing else. */
export const registrationPurpose = 'swim-school:registration';
const linkLifetimeSeconds = 30 * 24 * 60 * 60;

/**
 * The registration form's URL with the school and the prefilled fields in a signed token (`?registration=`): the
 * form verifies it with the same signer and learns which school the family called, with no tenant id to tamper with.
 */
export async function createRegistrationLink(
  signer: TenantTokenSigner,
  input: { registrationUrl: string; tenantId: string; classId: string; childName?: string; childAge?: number },
): Promise<string> {
  const token = await signer.sign({
    tenantId: input.tenantId,
    purpose: registrationPurpose,
    ttlSeconds: linkLifetimeSeconds,
    data: {
      classId: input.classId,
      ...(input.childName ? { childName: input.childName } : {}),
      ...(input.childAge === undefined ? {} : { childAge: input.childAge }),
    },
  });
  const url = new URL(input.registrationUrl);
  url.searchParams.set('registration', token);
  return url.toString();
}
