import { describe, expect, it } from 'vitest';
import { NuvatraHttpError } from '../errors/errors.js';
import type { TenantScope } from '../storage/scope.js';
import { currentTenantScope, findTenantScope, runInTenantScope } from './tenant-context.js';

/** Only `tenantId` is read by the context; the repositories are irrelevant here. */
const fakeScope = (tenantId: string) => ({ tenantId }) as TenantScope;

function thrownBy(fn: () => unknown): NuvatraHttpError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(NuvatraHttpError);
  return thrown as NuvatraHttpError;
}

/** A promise the test resolves by hand, to order work without timers. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('tenant context', () => {
  it('throws NO_TENANT_SCOPE from currentTenantScope() outside any scope, and findTenantScope() is undefined', () => {
    const error = thrownBy(currentTenantScope);
    expect(error).toMatchObject({ code: 'NO_TENANT_SCOPE', status: 500 });
    expect(error.message).toContain('withTenant');
    expect(findTenantScope()).toBeUndefined();
  });

  it('makes the scope current for everything the callback awaits, and returns what it returns', async () => {
    const scope = fakeScope('acme');
    const answer = await runInTenantScope(scope, async () => {
      expect(currentTenantScope()).toBe(scope);
      await Promise.resolve();
      await new Promise<void>((resolve) => queueMicrotask(resolve));
      expect(currentTenantScope()).toBe(scope);
      expect(findTenantScope()).toBe(scope);
      return 'done';
    });
    expect(answer).toBe('done');
    expect(findTenantScope()).toBeUndefined();
  });

  it('keeps concurrent scopes apart while their work interleaves', async () => {
    const steps: string[] = [];
    const acmeStarted = gate();
    const globexStarted = gate();
    // Each waits until the other has started, so the second half of each runs after the other's first half.
    const run = (tenantId: string, other: Promise<void>, started: () => void) =>
      runInTenantScope(fakeScope(tenantId), async () => {
        steps.push(`${tenantId}:${currentTenantScope().tenantId}`);
        started();
        await other;
        steps.push(`${tenantId}:${currentTenantScope().tenantId}`);
      });
    await Promise.all([
      run('acme', globexStarted.opened, acmeStarted.open),
      run('globex', acmeStarted.opened, globexStarted.open),
    ]);
    expect(steps).toEqual(['acme:acme', 'globex:globex', 'acme:acme', 'globex:globex']);
  });

  it('lets an inner scope shadow the outer one and restores the outer one after it', async () => {
    const outer = fakeScope('acme');
    const inner = fakeScope('globex');
    await runInTenantScope(outer, async () => {
      await runInTenantScope(inner, async () => {
        expect(currentTenantScope()).toBe(inner);
      });
      expect(currentTenantScope()).toBe(outer);
    });
  });

  it('throws TENANT_SCOPE_CLOSED naming the tenant, and findTenantScope() is undefined, in a closed scope', () => {
    runInTenantScope(
      fakeScope('acme'),
      () => {
        const error = thrownBy(currentTenantScope);
        expect(error).toMatchObject({ code: 'TENANT_SCOPE_CLOSED', status: 500 });
        expect(error.message).toContain('"acme"');
        expect(findTenantScope()).toBeUndefined();
      },
      () => false,
    );
  });

  it('sees the scope close under work scheduled inside it that runs after it ended', async () => {
    let open = true;
    const ended = gate();
    let late: Promise<{ found: TenantScope | undefined; error: unknown }> | undefined;
    await runInTenantScope(
      fakeScope('acme'),
      async () => {
        expect(currentTenantScope().tenantId).toBe('acme');
        // Not awaited: it keeps the scope's async context and runs once the test opens the gate.
        late = ended.opened.then(() => ({ found: findTenantScope(), error: thrownBy(currentTenantScope) }));
      },
      () => open,
    );
    open = false;
    ended.open();
    const { found, error } = await late!;
    expect(found).toBeUndefined();
    expect(error).toMatchObject({ code: 'TENANT_SCOPE_CLOSED' });
  });

  it('treats a scope run without isOpen as open', () => {
    const scope = fakeScope('acme');
    expect(runInTenantScope(scope, () => currentTenantScope())).toBe(scope);
  });
});
