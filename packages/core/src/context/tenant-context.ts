import { AsyncLocalStorage } from 'node:async_hooks';
import { createHttpError } from '../errors/errors.js';
import type { TenantScope } from '../storage/scope.js';

interface ScopeEntry {
  scope: TenantScope;
  isOpen: () => boolean;
}

const current = new AsyncLocalStorage<ScopeEntry>();

/**
 * Runs `fn` with `scope` as the current tenant scope of everything it awaits. `isOpen` tells when the scope has
 * ended: work scheduled inside it (a timer, an unawaited promise) keeps the async context after `withTenant`
 * returns, and must then see no scope rather than a closed one.
 */
export function runInTenantScope<T>(scope: TenantScope, fn: () => T, isOpen: () => boolean = () => true): T {
  return current.run({ scope, isOpen }, fn);
}

/** The scope of the tenant this code runs for; throws NO_TENANT_SCOPE outside `withTenant`. */
export function currentTenantScope(): TenantScope {
  const entry = current.getStore();
  if (!entry) {
    throw createHttpError('NO_TENANT_SCOPE', 'No tenant scope: call this inside storage.withTenant(tenantId, fn).');
  }
  if (!entry.isOpen()) {
    throw createHttpError(
      'TENANT_SCOPE_CLOSED',
      `The scope of tenant "${entry.scope.tenantId}" has ended; this code was scheduled inside it and ran after it. Start a new storage.withTenant(…).`,
    );
  }
  return entry.scope;
}

/** The current open scope, or undefined outside one: for code that must decide whether it is inside a tenant. */
export function findTenantScope(): TenantScope | undefined {
  const entry = current.getStore();
  return entry?.isOpen() ? entry.scope : undefined;
}

const boundTenant = new AsyncLocalStorage<string>();

/**
 * Runs `fn` for tenant `tenantId` without opening its scope: a job handler, which opens short scopes of its own.
 * Inside, `storage.withTenant` of any other tenant throws TENANT_SCOPE_NESTED, and enqueued jobs default to this
 * tenant, as they would inside its scope.
 */
export function runBoundToTenant<T>(tenantId: string, fn: () => T): T {
  return boundTenant.run(tenantId, fn);
}

/** The tenant a job handler runs for (see `runBoundToTenant`), or undefined. */
export function findBoundTenantId(): string | undefined {
  return boundTenant.getStore();
}
