import type { Storage } from '@nuvatra/core';
import { demoSharedNumber, demoTenants } from './demo-data.js';

/**
 * Brings the demo to its starting state: the two businesses, their owners, configs and numbers, and the shared
 * number. What exists already is kept, so a restart changes nothing and a half-seeded database is completed.
 */
export async function seedDemo(storage: Storage): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const { tenant, owner, numbers, config } of demoTenants) {
    let tenantId = await storage.routing.tenantIdBySlug(tenant.slug);
    if (!tenantId) {
      tenantId = (await storage.tenants.create(tenant)).id;
      created.push(tenant.slug);
    }
    await storage.withTenant(tenantId, async (scope) => {
      if (!(await scope.members.get(owner))) await scope.members.add({ userId: owner, role: 'owner' });
      if (!(await scope.config.get())) await scope.config.put(config);
      for (const number of numbers) {
        const registered = (await scope.phoneNumbers.list()).some((n) => n.label === number.label);
        if (!registered) await scope.phoneNumbers.create(number);
      }
    });
  }
  if ((await storage.sharedNumbers.list()).length === 0) await storage.sharedNumbers.add(demoSharedNumber);
  return { created };
}
