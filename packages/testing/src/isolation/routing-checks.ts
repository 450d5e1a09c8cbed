import { expect } from 'vitest';
import { pickValue, type TenantModel } from './model.js';
import { userIds } from './own-settings.js';
import type { Random } from './random.js';
import type { Run } from './rounds.js';

/** Routing answers a tenant id and nothing more: a string primitive, never a row. */
function expectTenantId(value: unknown, tenant: TenantModel, what: string): void {
  expect(typeof value, `${what} answered a ${typeof value}, not a tenant id`).toBe('string');
  expect(value, what).toBe(tenant.id);
}

export async function expectUserRouting(run: Run, userId: string): Promise<void> {
  const answer = await run.storage.routing.tenantIdsForUser(userId);
  expect(
    answer.every((id) => typeof id === 'string'),
    `tenantIdsForUser(${userId}) answered more than ids`,
  ).toBe(true);
  const expected = run.tenants.filter((tenant) => tenant.members.has(userId)).map((tenant) => tenant.id);
  expect([...answer].sort(), `tenantIdsForUser(${userId})`).toEqual(expected.sort());
}

/** Checks the tenant's slug, external id, some or all of its numbers, and one of its members' tenants. */
export async function expectRoutingOf(run: Run, tenant: TenantModel, random?: Random): Promise<void> {
  const { routing } = run.storage;
  expectTenantId(await routing.tenantIdBySlug(tenant.slug), tenant, `tenantIdBySlug(${tenant.slug})`);
  expectTenantId(
    await routing.tenantIdByExternalId('clerk_org', tenant.externalId),
    tenant,
    `tenantIdByExternalId(clerk_org, ${tenant.externalId})`,
  );
  const numbers = random
    ? [pickValue(random, tenant.phoneNumbers)].filter((n) => n !== undefined)
    : [...tenant.phoneNumbers.values()];
  for (const number of numbers) {
    expectTenantId(
      await routing.tenantIdByNumber(number.e164, number.kind),
      tenant,
      `tenantIdByNumber(${number.e164}, ${number.kind})`,
    );
    expect(await routing.isSharedNumber(number.e164)).toBe(false);
  }
  const member = random ? pickValue(random, tenant.members) : undefined;
  if (member) await expectUserRouting(run, member.userId);
}

/** A tenant claiming another tenant's number (same kind) gets CONFLICT; the number stays where it was. */
export async function claimOtherTenantsNumber(run: Run, random: Random): Promise<void> {
  const self = random.pick(run.tenants);
  const held = run.tenants
    .filter((tenant) => tenant !== self)
    .flatMap((tenant) => [...tenant.phoneNumbers.values()].map((number) => ({ tenant, number })));
  if (held.length === 0) return;
  const { tenant, number } = random.pick(held);
  run.doing = `tenant ${self.id} claiming ${number.e164} (${number.kind}) of tenant ${tenant.id}`;
  // Its own withTenant: the refused insert may abort the transaction it runs in.
  await expect(
    run.storage.withTenant(self.id, (scope) => scope.phoneNumbers.create({ number: number.e164, kind: number.kind })),
  ).rejects.toMatchObject({ code: 'CONFLICT' });
  expectTenantId(
    await run.storage.routing.tenantIdByNumber(number.e164, number.kind),
    tenant,
    `tenantIdByNumber(${number.e164})`,
  );
}

export async function expectAllRouting(run: Run): Promise<void> {
  for (const tenant of run.tenants) {
    run.doing = `checking routing of tenant ${tenant.id}`;
    await expectRoutingOf(run, tenant);
  }
  for (const userId of userIds) {
    run.doing = `checking tenantIdsForUser(${userId})`;
    await expectUserRouting(run, userId);
  }
}
