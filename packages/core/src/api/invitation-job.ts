import { z } from 'zod';
import type { AuthProvider } from '../auth/types.js';
import { definePlugin, type NuvatraPlugin } from '../http/plugin.js';
import { defineJob } from '../jobs/define-job.js';
import { memberRoleSchema } from '../schemas/tenant.js';

/** The job that sends a new tenant's owner their invitation, through the auth provider that sends invitations. */
export const inviteOwnerJobName = 'nuvatra.invite-owner';

/**
 * Core's own jobs, as a plugin so they are collected like any plugin's. Sending an invitation is a call to the auth
 * provider's API (Clerk): with a queue it leaves the admin's request, is retried when the provider fails, and a
 * failure that lasts lands in the dead letters instead of undoing the tenant. Clerk's invitations are created with
 * `ignoreExisting`, so a retry after a lost answer does not invite twice.
 */
export function coreJobsPlugin(auth: readonly AuthProvider[]): NuvatraPlugin {
  return definePlugin({
    name: 'nuvatra',
    jobs: [
      defineJob({
        name: inviteOwnerJobName,
        payload: z.object({ email: z.email(), role: memberRoleSchema }),
        maxAttempts: 6,
        backoffMs: 60_000,
        async handle({ payload, tenantId, withScope }) {
          const inviter = auth.find((provider) => provider.invite);
          if (!inviter?.invite) throw new Error('No auth provider here sends invitations any more (Clerk does).');
          const sent = await inviter.invite({ tenantId, email: payload.email, role: payload.role });
          await withScope((scope) =>
            scope.auditEvents.record({
              actor: { type: 'system', id: 'nuvatra-jobs' },
              action: 'invitation.sent',
              target: sent.id,
              detail: { email: payload.email, role: payload.role },
            }),
          );
        },
      }),
    ],
  });
}
