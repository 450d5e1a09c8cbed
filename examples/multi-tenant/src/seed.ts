import type { Storage } from '@nuvatra/core';
import { demoSharedNumber, demoTenants } from './demo-data.js';

/** Creates the demo tenants, their numbers and the shared number once; running it again changes nothing. */
export async function seedDemo(storage: Storage): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const { tenant, numbers } of demoTenants) {
    if (await storage.routing.tenantIdBySlug(tenant.slug)) continue;
    const stored = await storage.tenants.create(tenant);
    await storage.withTenant(stored.id, async (scope) => {
      for (const number of numbers) await scope.phoneNumbers.create(number);
    });
    created.push(stored.slug);
  }
  const shared = await storage.sharedNumbers.list();
  if (shared.length === 0) await storage.sharedNumbers.add(demoSharedNumber);
  return { created };
}
