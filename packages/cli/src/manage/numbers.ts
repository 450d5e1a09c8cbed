import { phoneNumberKindSchema } from '@nuvatra/core';
import type { CommandSpec } from '../command.js';
import { allTenants, cliActor, tenantIdOf, withStorage } from '../storage/open.js';
import { oneOf } from './choices.js';
import { table } from './table.js';

const providers = ['twilio', 'telnyx'] as const;

const addNumber: CommandSpec = {
  name: 'numbers add',
  summary: 'Register a phone number for a tenant: its own (owned) or a line it forwards (forwarding)',
  details: [
    'Normalised to E.164 by core; a number is registered once per kind across all tenants. Stored only: the',
    'number’s Twilio webhooks are not changed (register it through the API to have Twilio pointed here).',
  ],
  options: {
    tenant: { type: 'string', placeholder: 'slug', description: 'The tenant’s slug' },
    number: { type: 'string', placeholder: 'number', description: 'E.164, such as +15550100001' },
    kind: { type: 'string', placeholder: 'owned|forwarding', description: 'What the number is', defaultText: 'owned' },
    provider: { type: 'string', placeholder: 'twilio|telnyx', description: 'Who carries it' },
    label: { type: 'string', placeholder: 'text', description: 'A name people see' },
  },
  examples: ['nuvatra numbers add --tenant clinic-a --number +15551111111 --kind forwarding --label "Front desk"'],
  async run(input, { io }) {
    const slug = input.required('tenant');
    const number = input.required('number');
    const kind = oneOf('kind', input.option('kind'), phoneNumberKindSchema.options) ?? 'owned';
    const provider = oneOf('provider', input.option('provider'), providers);
    const label = input.option('label');
    return withStorage(io, async (opened) => {
      const tenantId = await tenantIdOf(opened, slug);
      const created = await opened.storage.withTenant(tenantId, async (scope) => {
        const phoneNumber = await scope.phoneNumbers.create({ number, kind, provider, label });
        await scope.auditEvents.record({
          actor: cliActor,
          action: 'phone_number.created',
          target: phoneNumber.id,
          detail: { e164: phoneNumber.e164, kind },
        });
        return phoneNumber;
      });
      return {
        data: { tenant: slug, phoneNumber: created },
        lines: [`Registered ${created.e164} (${created.kind}) for ${slug}, id ${created.id}.`],
      };
    });
  },
};

const listNumbers: CommandSpec = {
  name: 'numbers list',
  summary: 'List the phone numbers of one tenant, or of every tenant and the shared assistant numbers',
  options: { tenant: { type: 'string', placeholder: 'slug', description: 'Only this tenant’s numbers' } },
  async run(input, { io }) {
    const only = input.option('tenant');
    return withStorage(io, async (opened) => {
      const { storage } = opened;
      const slugs = only ? [only] : (await allTenants(storage)).map((tenant) => tenant.slug).reverse();
      const numbers = [];
      for (const slug of slugs) {
        const tenantId = await tenantIdOf(opened, slug);
        const items = await storage.withTenant(tenantId, (scope) => scope.phoneNumbers.list());
        numbers.push(...items.map((item) => ({ tenant: slug, ...item })));
      }
      const shared = only ? [] : await storage.sharedNumbers.list();
      const rows = [
        ...numbers.map((item) => [item.e164, item.kind, item.tenant, item.provider ?? '', item.label ?? '']),
        ...shared.map((item) => [item.e164, 'shared', '', item.provider ?? '', item.label ?? '']),
      ];
      return {
        data: { phoneNumbers: numbers, ...(only ? {} : { sharedNumbers: shared }) },
        lines: table(['NUMBER', 'KIND', 'TENANT', 'PROVIDER', 'LABEL'], rows),
      };
    });
  },
};

export const numberCommands: CommandSpec[] = [addNumber, listNumbers];
