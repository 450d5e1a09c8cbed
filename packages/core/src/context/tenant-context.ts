import { AsyncLocalStorage } from 'node:async_hooks';
import { createHttpError } from '../errors/errors.js';
import type { TenantScope } from '../storage/scope.js';

const current = new AsyncLocalStorage<TenantScope>();

/** Runs `fn` with `scope` as the current tenant scope of everything it awaits. */
export function runInTenantScope<T>(scope: TenantScope, fn: () => T): T {
  return current.run(scope, fn);
}

/** The scope of the tenant this code runs for; throws NO_TENANT_SCOPE outside `withTenant`. */
export function currentTenantScope(): TenantScope {
  const scope = current.getStore();
  if (!scope) {
    throw createHttpError('NO_TENANT_SCOPE', 'No tenant scope: call this inside storage.withTenant(tenantId, fn).');
  }
  return scope;
}

/** The current scope, or undefined outside one: for code that must decide whether it is inside a tenant. */
export function findTenantScope(): TenantScope | undefined {
  return current.getStore();
}
