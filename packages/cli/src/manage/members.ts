import { memberRoleSchema } from '@nuvatra/core';
import type { CommandSpec } from '../command.js';
import { cliActor, tenantIdOf, withStorage } from '../storage/open.js';
import { oneOf } from './choices.js';

const grant: CommandSpec = {
  name: 'admin grant',
  summary: 'Add a user to a tenant with a role, or change the role they have',
  args: [{ name: 'userId', description: 'The user’s id at the auth provider (Clerk user_…, or dev:<name>’s name)' }],
  options: {
    tenant: { type: 'string', placeholder: 'slug', description: 'The tenant’s slug' },
    role: { type: 'string', placeholder: 'owner|admin|member', description: 'The role', defaultText: 'admin' },
  },
  examples: ['nuvatra admin grant user_2abc --tenant clinic-a --role owner'],
  async run(input, { io }) {
    const userId = input.arg(0);
    const slug = input.required('tenant');
    const role = oneOf('role', input.option('role'), memberRoleSchema.options) ?? 'admin';
    return withStorage(io, async (opened) => {
      const tenantId = await tenantIdOf(opened, slug);
      const { member, change } = await opened.storage.withTenant(tenantId, async (scope) => {
        const current = await scope.members.get(userId);
        if (current?.role === role) return { member: current, change: 'unchanged' as const };
        const member = current ? await scope.members.setRole(userId, role) : await scope.members.add({ userId, role });
        await scope.auditEvents.record({
          actor: cliActor,
          action: current ? 'member.role_changed' : 'member.added',
          target: userId,
          detail: { role, ...(current ? { previousRole: current.role } : {}) },
        });
        return { member, change: current ? ('changed' as const) : ('added' as const) };
      });
      const said = { added: 'is now', changed: 'is now', unchanged: 'was already' }[change];
      return { data: { tenant: slug, member, change }, lines: [`${userId} ${said} ${role} of ${slug}.`] };
    });
  },
};

export const memberCommands: CommandSpec[] = [grant];
