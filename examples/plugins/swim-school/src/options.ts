import { NuvatraError, type TenantTokenSigner, tenantSlugSchema } from '@nuvatra/core';
import { z } from 'zod';

/** An outbound text, as the job hands it to the deployment's SMS sender. */
export interface OutboundSms {
  tenantId: string;
  /** The school's own number (E.164). */
  from: string;
  to: string;
  body: string;
}

export interface SwimSchoolOptions {
  /** The slugs of the tenants that are swim schools; the plugin is absent for every other tenant. */
  tenants: readonly string[];
  /** The school's registration form; the link adds `?registration=<signed token>` with the prefilled fields. */
  registrationUrl: string;
  /**
   * Signs the registration links (purpose `swim-school:registration`, 30 days): the form learns the tenant and the
   * prefilled fields from a token it can verify, never from a tenant id in the clear. The deployment's
   * `tenantTokens` does; a tool token cannot be used as a registration link, nor the other way round.
   */
  signer: TenantTokenSigner;
  /**
   * Sends a text (a Twilio or Telnyx client of the deployment). Without it the job logs the text instead, which is
   * what a development deployment wants. Core has no SMS sending of its own yet.
   */
  sendSms?: (sms: OutboundSms) => Promise<void>;
  /** The clock slots are compared with; tests pass their own. */
  now?: () => Date;
}

const optionsSchema = z.object({
  tenants: z.array(tenantSlugSchema).min(1, 'name at least one tenant slug'),
  registrationUrl: z.url({ protocol: /^https?$/ }),
});

export interface SwimSchoolSettings extends Required<Omit<SwimSchoolOptions, 'sendSms' | 'tenants'>> {
  tenants: ReadonlySet<string>;
  sendSms: SwimSchoolOptions['sendSms'] | null;
}

/** Checked when the plugin is made, so a typo stops start-up rather than the first call. */
export function parseSwimSchoolOptions(options: SwimSchoolOptions): SwimSchoolSettings {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `swimSchool: ${issue?.path.join('.')}: ${issue?.message}.`,
      cause: result.error,
    });
  }
  if (typeof options.signer?.sign !== 'function') {
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: 'swimSchool: pass { signer }: the createTenantTokenSigner(...) you give createNuvatra as tenantTokens.',
    });
  }
  return {
    tenants: new Set(result.data.tenants),
    registrationUrl: result.data.registrationUrl,
    signer: options.signer,
    sendSms: options.sendSms ?? null,
    now: options.now ?? (() => new Date()),
  };
}
