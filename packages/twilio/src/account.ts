import { type AnyRoute, createHttpError, defineRoute, NuvatraHttpError, type Principal } from '@nuvatra/core';
import { z } from 'zod';
import { createTwilioClient, toCredentialError } from './client.js';
import type { TwilioConfig } from './options.js';
import { accountSidSchema } from './schemas.js';

const accountPath = '/api/twilio/account';

const putAccountBodySchema = z
  .object({ accountSid: accountSidSchema, authToken: z.string().trim().min(1).max(255) })
  .strict();
const accountSchema = z.object({ accountSid: accountSidSchema.nullable() });

const actorOf = (principal: Principal) =>
  ({ type: principal.kind === 'api_key' ? 'api_key' : 'user', id: principal.userId }) as const;

/**
 * A tenant's own Twilio account (a subaccount): its webhooks are verified with its token and its numbers are set
 * up in it. The token is sealed for the tenant by the secret box and never answered back.
 */
export function accountRoutes(config: TwilioConfig): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: accountPath,
      auth: 'user',
      summary: "The tenant's own Twilio account SID, if it registered one",
      tags: ['twilio'],
      responses: { 200: { description: 'The account SID, or null', schema: accountSchema } },
      async handle({ scope }) {
        const account = await scope.providerAccounts.get('twilio');
        return { accountSid: account?.accountId ?? null };
      },
    }),
    defineRoute({
      method: 'PUT',
      path: accountPath,
      auth: 'user',
      summary: "Register the tenant's own Twilio account (checked with Twilio; the auth token is stored sealed)",
      tags: ['twilio'],
      body: putAccountBodySchema,
      responses: {
        200: { description: 'The account SID', schema: accountSchema },
        409: { description: "Twilio refused the credentials, it is the deployment's account, or no secret box" },
      },
      async handle({ scope, body, services, principal }) {
        const secretBox = config.secretBox ?? services.secretBox;
        if (!secretBox) {
          throw new NuvatraHttpError(409, {
            code: 'CONFIG_INVALID',
            message: 'This deployment stores no provider credentials: it has no NUVATRA_SECRET_KEY (secret box).',
          });
        }
        if (body.accountSid === config.accountSid) {
          throw createHttpError('CONFLICT', `${body.accountSid} is this deployment's own Twilio account.`);
        }
        try {
          await createTwilioClient(body, config).checkAccount();
        } catch (error) {
          throw toCredentialError(error, body.accountSid);
        }
        const sealedSecret = await secretBox.seal(body.authToken, scope.tenantId);
        await scope.providerAccounts.put({ provider: 'twilio', accountId: body.accountSid, sealedSecret });
        await scope.auditEvents.record({
          actor: actorOf(principal),
          action: 'twilio.account_set',
          target: body.accountSid,
        });
        return { accountSid: body.accountSid };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: accountPath,
      auth: 'user',
      summary: "Forget the tenant's own Twilio account; the deployment's account serves it again",
      tags: ['twilio'],
      responses: { 204: { description: 'Removed' }, 404: { description: 'No account was registered' } },
      async handle({ scope, principal }) {
        const account = await scope.providerAccounts.get('twilio');
        if (!account || !(await scope.providerAccounts.remove('twilio'))) {
          throw createHttpError('NOT_FOUND', 'This tenant has no Twilio account of its own.');
        }
        await scope.auditEvents.record({
          actor: actorOf(principal),
          action: 'twilio.account_removed',
          target: account.accountId,
        });
      },
    }),
  ];
}
