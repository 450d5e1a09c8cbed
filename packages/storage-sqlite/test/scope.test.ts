import {
  type CreateCallInput,
  currentTenantScope,
  findTenantScope,
  NuvatraHttpError,
  type Storage,
  type Tenant,
  type TenantScope,
} from '@nuvatra/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sharedAndPerTenant } from './directories.js';

// withTenant over real SQLite, in both modes: transactions, nesting, closed scopes and concurrency.

const modes = sharedAndPerTenant;

const callInput = (id: string): CreateCallInput => ({
  provider: 'twilio',
  providerCallId: `CA${id}`,
  from: '+12125550100',
  to: '+12125550199',
});
const messageInput = (id: string) => ({
  direction: 'inbound' as const,
  body: `message ${id}`,
  from: '+12125550100',
  to: '+12125550199',
  provider: 'twilio' as const,
  providerMessageId: `SM${id}`,
});

/** Everything a tenant holds that these tests write, read in one scope. */
async function contentsOf(storage: Storage, tenantId: string) {
  return storage.withTenant(tenantId, async (scope) => {
    const conversations = (await scope.conversations.list()).items;
    const messages = [];
    for (const conversation of conversations) messages.push(...(await scope.messages.list(conversation.id)).items);
    return {
      calls: (await scope.calls.list()).items,
      numbers: await scope.phoneNumbers.list(),
      conversations,
      messages,
    };
  });
}

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

async function rejectionOf(promise: Promise<unknown>): Promise<NuvatraHttpError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(NuvatraHttpError);
  return error as NuvatraHttpError;
}

/** A promise the test resolves by hand, to order work without sleeping. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

for (const [mode, create] of Object.entries(modes)) {
  describe(`storage.withTenant over sqlite (${mode})`, () => {
    let storage: Storage;
    let a: Tenant;
    let b: Tenant;

    beforeEach(async () => {
      storage = create();
      await storage.migrate();
      a = await storage.tenants.create({ slug: 'clinic-a', name: 'Clinic A' });
      b = await storage.tenants.create({ slug: 'clinic-b', name: 'Clinic B' });
    });
    afterEach(() => storage.close());

    describe('a callback that fails', () => {
      it('keeps none of its numbers, calls, conversations and messages, and leaves earlier data as it was', async () => {
        const kept = await storage.withTenant(a.id, (scope) => scope.calls.create(callInput('kept')));
        const before = await contentsOf(storage, a.id);
        const failure = new Error('failure after several writes');

        const outcome = storage.withTenant(a.id, async (scope) => {
          await scope.phoneNumbers.create({ number: '+15551111111', kind: 'owned' });
          await scope.phoneNumbers.create({ number: '+15553333333', kind: 'forwarding' });
          await scope.calls.create(callInput('dropped-1'));
          await scope.calls.update(kept.id, { status: 'completed' });
          const conversation = await scope.conversations.create({ channel: 'sms', participant: '+12125550100' });
          await scope.messages.append(conversation.id, messageInput('1'));
          await scope.messages.append(conversation.id, messageInput('2'));
          expect((await scope.calls.list()).items).toHaveLength(2);
          throw failure;
        });

        await expect(outcome).rejects.toBe(failure);
        expect(await contentsOf(storage, a.id)).toEqual(before);
        expect(before.calls).toEqual([kept]);
        expect(await storage.routing.tenantIdByNumber('+15551111111', 'owned')).toBeNull();
        expect(await storage.routing.tenantIdByNumber('+15553333333', 'forwarding')).toBeNull();
      });

      it('undoes the writes before a storage CONFLICT raised midway, not only those after it', async () => {
        await storage.withTenant(b.id, (scope) => scope.phoneNumbers.create({ number: '+15552222222', kind: 'owned' }));

        const error = await rejectionOf(
          storage.withTenant(a.id, async (scope) => {
            await scope.calls.create(callInput('1'));
            const conversation = await scope.conversations.create({ channel: 'sms', participant: '+12125550100' });
            await scope.messages.append(conversation.id, messageInput('1'));
            await scope.phoneNumbers.create({ number: '+15557777777', kind: 'owned' });
            await scope.phoneNumbers.create({ number: '+15552222222', kind: 'owned' });
          }),
        );

        expect(error).toMatchObject({ code: 'CONFLICT', status: 409 });
        expect(await contentsOf(storage, a.id)).toEqual({ calls: [], numbers: [], conversations: [], messages: [] });
        expect(await storage.routing.tenantIdByNumber('+15557777777', 'owned')).toBeNull();
        expect(await storage.routing.tenantIdByNumber('+15552222222', 'owned')).toBe(b.id);
      });
    });

    describe('nesting', () => {
      it('joins the open scope for the same tenant: one scope, one transaction', async () => {
        const outcome = storage.withTenant(a.id, async (outer) => {
          const inner = await storage.withTenant(a.id, async (scope) => {
            await scope.calls.create(callInput('inner'));
            return scope;
          });
          expect(inner).toBe(outer);
          expect((await outer.calls.list()).items.map((call) => call.providerCallId)).toEqual(['CAinner']);
          throw new Error('the outer callback fails after the inner one returned');
        });
        await expect(outcome).rejects.toThrow('outer callback fails');
        expect((await contentsOf(storage, a.id)).calls).toEqual([]);

        await storage.withTenant(a.id, async (outer) => {
          await outer.calls.create(callInput('outer'));
          await storage.withTenant(a.id, (inner) => inner.calls.create(callInput('inner')));
        });
        const calls = (await contentsOf(storage, a.id)).calls.map((call) => call.providerCallId);
        expect(calls.sort()).toEqual(['CAinner', 'CAouter']);
      });

      it('refuses another tenant inside a scope with TENANT_SCOPE_NESTED and never runs its callback', async () => {
        let innerRan = false;
        await storage.withTenant(a.id, async (scope) => {
          await scope.calls.create(callInput('outer'));
          const error = await rejectionOf(
            storage.withTenant(b.id, (inner) => {
              innerRan = true;
              return inner.calls.create(callInput('inner'));
            }),
          );
          expect(error).toMatchObject({ code: 'TENANT_SCOPE_NESTED', status: 500 });
          expect(currentTenantScope().tenantId).toBe(a.id);
        });
        expect(innerRan).toBe(false);
        expect((await contentsOf(storage, a.id)).calls.map((call) => call.providerCallId)).toEqual(['CAouter']);
        expect((await contentsOf(storage, b.id)).calls).toEqual([]);
      });
    });

    it('refuses a tenant that does not exist with TENANT_NOT_FOUND (404) and never runs the callback', async () => {
      let ran = false;
      const error = await rejectionOf(
        storage.withTenant('ten_missing', () => {
          ran = true;
        }),
      );
      expect(error).toMatchObject({ code: 'TENANT_NOT_FOUND', status: 404 });
      expect(ran).toBe(false);
    });

    it('refuses every use of a scope after its withTenant ended with TENANT_SCOPE_CLOSED, and writes nothing', async () => {
      const leaked = await storage.withTenant(a.id, async (scope) => {
        const conversation = await scope.conversations.create({ channel: 'sms', participant: '+12125550100' });
        return { scope, conversationId: conversation.id };
      });
      const failed = await storage
        .withTenant(a.id, (scope) => Promise.reject(Object.assign(new Error('boom'), { scope })))
        .catch((error: { scope: TenantScope }) => error.scope);
      const before = await contentsOf(storage, a.id);

      for (const scope of [leaked.scope, failed]) {
        const attempts = [
          scope.calls.create(callInput('late')),
          scope.calls.list(),
          scope.phoneNumbers.create({ number: '+15551111111', kind: 'owned' }),
          scope.conversations.create({ channel: 'sms', participant: '+12125550101' }),
          scope.messages.append(leaked.conversationId, messageInput('late')),
        ];
        for (const attempt of attempts) {
          const error = await rejectionOf(attempt);
          expect(error).toMatchObject({ code: 'TENANT_SCOPE_CLOSED' });
        }
      }
      expect(await contentsOf(storage, a.id)).toEqual(before);
      expect(await storage.routing.tenantIdByNumber('+15551111111', 'owned')).toBeNull();
    });

    it('gives a timer set inside a scope, running after it, a closed scope, and lets it start fresh ones', async () => {
      const scopeEnded = gate();
      let report: (result: Promise<unknown>) => void = () => undefined;
      const timerResult = new Promise((resolve) => {
        report = resolve;
      });

      await storage.withTenant(a.id, async (scope) => {
        await scope.calls.create(callInput('inside'));
        setTimeout(() => {
          report(
            (async () => {
              await scopeEnded.opened;
              const current = thrownBy(currentTenantScope);
              const found = findTenantScope();
              const leakedWrite = await scope.calls.create(callInput('leaked')).catch((error: unknown) => error);
              // A new withTenant from here must start its own transaction: not join the finished one, not wait on it.
              const fresh = await storage.withTenant(a.id, async (next) => {
                await next.calls.create(callInput('from-timer'));
                return next !== scope && currentTenantScope() === next;
              });
              const other = await storage.withTenant(b.id, (next) => next.calls.create(callInput('other-from-timer')));
              return { current, found, leakedWrite, fresh, other };
            })(),
          );
        }, 0);
      });
      scopeEnded.open();

      const result = await timerResult;
      expect(result).toMatchObject({
        current: { code: 'TENANT_SCOPE_CLOSED' },
        found: undefined,
        leakedWrite: { code: 'TENANT_SCOPE_CLOSED' },
        fresh: true,
        other: { tenantId: b.id, providerCallId: 'CAother-from-timer' },
      });
      expect((await contentsOf(storage, a.id)).calls.map((call) => call.providerCallId).sort()).toEqual([
        'CAfrom-timer',
        'CAinside',
      ]);
      expect((await contentsOf(storage, b.id)).calls.map((call) => call.providerCallId)).toEqual([
        'CAother-from-timer',
      ]);
    });

    it('keeps the data of 20 tenants apart when their scopes run concurrently, one of every five failing', async () => {
      const tenants: Tenant[] = [];
      for (let index = 0; index < 20; index += 1) {
        tenants.push(await storage.tenants.create({ slug: `tenant-${index}`, name: `Tenant ${index}` }));
      }
      const fails = (index: number) => index % 5 === 4;
      const numberOf = (index: number) => `+1555100${String(index).padStart(4, '0')}`;

      const outcomes = await Promise.allSettled(
        tenants.map((tenant, index) =>
          storage.withTenant(tenant.id, async (scope) => {
            for (let step = 0; step < 3; step += 1) {
              await scope.calls.create(callInput(`${index}-${step}`));
              // Yield to the event loop so every other tenant's work gets a turn in between.
              await new Promise((resolve) => setImmediate(resolve));
              expect(currentTenantScope().tenantId).toBe(tenant.id);
            }
            await scope.phoneNumbers.create({ number: numberOf(index), kind: 'owned' });
            const conversation = await scope.conversations.create({ channel: 'sms', participant: numberOf(index) });
            await scope.messages.append(conversation.id, messageInput(String(index)));
            if (fails(index)) throw new Error(`tenant ${index} fails`);
          }),
        ),
      );

      expect(outcomes.map((outcome) => outcome.status)).toEqual(
        tenants.map((_, index) => (fails(index) ? 'rejected' : 'fulfilled')),
      );
      for (const [index, tenant] of tenants.entries()) {
        const contents = await contentsOf(storage, tenant.id);
        const owner = await storage.routing.tenantIdByNumber(numberOf(index), 'owned');
        if (fails(index)) {
          expect(contents).toEqual({ calls: [], numbers: [], conversations: [], messages: [] });
          expect(owner).toBeNull();
          continue;
        }
        expect(contents.calls.map((call) => call.providerCallId).sort()).toEqual(
          [0, 1, 2].map((step) => `CA${index}-${step}`),
        );
        expect(contents.numbers.map((number) => number.e164)).toEqual([numberOf(index)]);
        expect(contents.messages.map((message) => message.providerMessageId)).toEqual([`SM${index}`]);
        const rows = [...contents.calls, ...contents.numbers, ...contents.conversations, ...contents.messages];
        expect(rows.every((row) => row.tenantId === tenant.id)).toBe(true);
        expect(owner).toBe(tenant.id);
      }
    });
  });
}
