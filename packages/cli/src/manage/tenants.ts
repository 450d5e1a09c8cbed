import type { CommandSpec } from '../command.js';
import { allTenants, cliActor, tenantIdOf, withStorage } from '../storage/open.js';
import { table } from './table.js';

const storageNote =
  'Reads and writes the storage directly, as the example server opens it (DATABASE_URL, else NUVATRA_DATA_DIR).';

const createTenant: CommandSpec = {
  name: 'tenants create',
  summary: 'Create a tenant with its config, and optionally its own number and owner',
  details: [
    storageNote,
    'Like POST /api/admin/tenants, all or nothing; the number is registered in storage only (its Twilio webhooks',
    'are not changed: register it through the API for that).',
  ],
  options: {
    slug: { type: 'string', placeholder: 'slug', description: 'Lowercase letters, digits and inner hyphens' },
    name: { type: 'string', placeholder: 'name', description: 'The business name' },
    timezone: { type: 'string', placeholder: 'zone', description: 'IANA time zone', defaultText: 'UTC' },
    owner: { type: 'string', placeholder: 'userId', description: 'Adds this user (auth provider id) as owner' },
    number: { type: 'string', placeholder: 'e164', description: 'The tenant’s own phone number (kind owned)' },
  },
  examples: ['nuvatra tenants create --slug bright-smiles --name "Bright Smiles" --owner alice --number +15550100001'],
  async run(input, { io }) {
    const slug = input.required('slug');
    const name = input.required('name');
    const owner = input.option('owner');
    const number = input.option('number');
    return withStorage(io, async ({ storage, where }) => {
      const tenant = await storage.tenants.create({ slug, name });
      try {
        await storage.withTenant(tenant.id, async (scope) => {
          await scope.config.put({ timezone: input.option('timezone') ?? 'UTC', businessProfile: { name } });
          if (number) await scope.phoneNumbers.create({ number, kind: 'owned' });
          if (owner) await scope.members.add({ userId: owner, role: 'owner' });
          await scope.auditEvents.record({ actor: cliActor, action: 'tenant.created', target: tenant.id });
        });
      } catch (error) {
        // No half-created tenant, as in the admin API: its config and number rolled back; remove the tenant too.
        await storage.tenants.discard(tenant.id);
        throw error;
      }
      const numbers = await storage.withTenant(tenant.id, (scope) => scope.phoneNumbers.list());
      return {
        data: { tenant, phoneNumbers: numbers, owner: owner ?? null },
        lines: [
          `Created tenant ${tenant.slug} (${tenant.name}), id ${tenant.id}, in ${where}.`,
          ...numbers.map((item) => `Number ${item.e164} (owned)`),
          ...(owner ? [`Owner: ${owner}`] : []),
        ],
      };
    });
  },
};

const listTenants: CommandSpec = {
  name: 'tenants list',
  summary: 'List every tenant, newest first',
  details: [storageNote],
  options: {},
  async run(_input, { io }) {
    return withStorage(io, async ({ storage, where }) => {
      const tenants = await allTenants(storage);
      return {
        data: { tenants },
        lines: [
          `${tenants.length} tenant${tenants.length === 1 ? '' : 's'} in ${where}:`,
          ...table(
            ['SLUG', 'STATUS', 'NAME', 'ID'],
            tenants.map((tenant) => [tenant.slug, tenant.status, tenant.name, tenant.id]),
          ),
        ],
      };
    });
  },
};

function statusCommand(name: 'suspend' | 'reactivate'): CommandSpec {
  const status = name === 'suspend' ? 'suspended' : 'active';
  return {
    name: `tenants ${name}`,
    summary:
      name === 'suspend'
        ? 'Suspend a tenant: its users are refused and its callers answered politely'
        : 'Reactivate a suspended tenant',
    details: [storageNote],
    args: [{ name: 'slug', description: 'The tenant’s slug' }],
    options: {},
    async run(input, { io }) {
      return withStorage(io, async (opened) => {
        const id = await tenantIdOf(opened, input.arg(0));
        const tenant = await opened.storage.tenants.update(id, { status });
        await opened.storage.withTenant(id, (scope) =>
          scope.auditEvents.record({
            actor: cliActor,
            action: name === 'suspend' ? 'tenant.suspended' : 'tenant.reactivated',
            target: id,
          }),
        );
        return { data: { tenant }, lines: [`Tenant ${tenant.slug} is ${tenant.status}.`] };
      });
    },
  };
}

export const tenantCommands: CommandSpec[] = [
  createTenant,
  listTenants,
  statusCommand('suspend'),
  statusCommand('reactivate'),
];
