import { type AnyRoute, createHttpError, defineRoute, NuvatraHttpError, type Principal } from '@nuvatra/core';
import { z } from 'zod';
import { createTelnyxClient, credentialsFor, sealedAccountSchema, toCredentialError } from './client.js';
import type { TelnyxConfig } from './options.js';

const accountPath = '/api/telnyx/account';

const accountSchema = z.object({ messagingProfileId: z.string().nullable(), assistantId: z.string().nullable() });

const actorOf = (principal: Principal) =>
  ({ type: principal.kind === 'api_key' ? 'api_key' : 'user', id: principal.userId }) as const;

/**
 * A tenant's own Telnyx account: its API key, messaging profile and AI Assistant. All three are sealed for the
 * tenant by the secret box; the key is never answered back.
 */
export function accountRoutes(config: TelnyxConfig): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: accountPath,
      auth: 'user',
      summary: "The tenant's own Telnyx messaging profile and assistant, if it registered an account",
      tags: ['telnyx'],
      responses: { 200: { description: 'The profile and assistant ids, or nulls', schema: accountSchema } },
      async handle({ scope, services }) {
        const credentials = await credentialsFor(scope, config, services.secretBox);
        if (credentials?.source !== 'tenant') return { messagingProfileId: null, assistantId: null };
        return { messagingProfileId: credentials.messagingProfileId, assistantId: credentials.assistantId };
      },
    }),
    defineRoute({
      method: 'PUT',
      path: accountPath,
      auth: 'user',
      summary: "Register the tenant's own Telnyx account (checked with Telnyx; stored sealed)",
      tags: ['telnyx'],
      body: sealedAccountSchema,
      responses: {
        200: { description: 'The profile and assistant ids', schema: accountSchema },
        409: { description: 'Telnyx refused the key or the profile, or the deployment has no secret box' },
      },
      async handle({ scope, body, services, principal }) {
        const secretBox = services.secretBox;
        if (!secretBox) {
          throw new NuvatraHttpError(409, {
            code: 'CONFIG_INVALID',
            message: 'This deployment stores no provider credentials: it has no NUVATRA_SECRET_KEY (secret box).',
          });
        }
        try {
          await createTelnyxClient(body.apiKey, config).checkMessagingProfile(body.messagingProfileId);
        } catch (error) {
          throw toCredentialError(error, body.messagingProfileId);
        }
        const sealedSecret = await secretBox.seal(JSON.stringify(body), scope.tenantId);
        await scope.providerAccounts.put({ provider: 'telnyx', accountId: body.messagingProfileId, sealedSecret });
        await scope.auditEvents.record({
          actor: actorOf(principal),
          action: 'telnyx.account_set',
          target: body.messagingProfileId,
          detail: { assistantId: body.assistantId },
        });
        return { messagingProfileId: body.messagingProfileId, assistantId: body.assistantId };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: accountPath,
      auth: 'user',
      summary: "Forget the tenant's own Telnyx account; the deployment's key and profile serve it again",
      tags: ['telnyx'],
      responses: { 204: { description: 'Removed' }, 404: { description: 'No account was registered' } },
      async handle({ scope, principal }) {
        const account = await scope.providerAccounts.get('telnyx');
        if (!account || !(await scope.providerAccounts.remove('telnyx'))) {
          throw createHttpError('NOT_FOUND', 'This tenant has no Telnyx account of its own.');
        }
        await scope.auditEvents.record({
          actor: actorOf(principal),
          action: 'telnyx.account_removed',
          target: account.accountId,
        });
      },
    }),
  ];
}
