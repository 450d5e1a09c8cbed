import type { CreateTenantInput, Storage, Tenant } from '@nuvatra/core';
import { afterEach, beforeEach } from 'vitest';

/** What every contract test gets: its own fresh storage, and tenants with unique slugs in it. */
export interface ContractContext {
  storage(): Storage;
  createTenant(input?: Partial<CreateTenantInput>): Promise<Tenant>;
}

/** Registers the hooks that give each test a fresh storage and close it afterwards. */
export function useFreshStorage(createStorage: () => Promise<Storage>): ContractContext {
  let current: Storage | undefined;
  let tenantCount = 0;
  beforeEach(async () => {
    current = await createStorage();
    tenantCount = 0;
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  const storage = (): Storage => {
    if (!current) throw new Error('The contract suite used its storage outside a test.');
    return current;
  };
  return {
    storage,
    createTenant(input = {}) {
      tenantCount += 1;
      return storage().tenants.create({ slug: `tenant-${tenantCount}`, name: `Tenant ${tenantCount}`, ...input });
    },
  };
}
