import { expect } from 'vitest';
import { readOwnRow } from './cross-operations.js';
import { checkEveryList } from './lists.js';
import { type RowKind, rowsOf, type TenantModel } from './model.js';
import type { Run } from './rounds.js';

const kinds: RowKind[] = ['call', 'intent', 'appointment', 'conversation', 'message', 'phoneNumber', 'member'];

/** Walks every list of every tenant, page by page, against the model. */
export async function sweepLists(run: Run): Promise<void> {
  for (const tenant of run.tenants) {
    const limit = run.random.int(1, 7);
    run.doing = `walking every list of tenant ${tenant.id}, ${limit} per page`;
    await run.storage.withTenant(tenant.id, (scope) => checkEveryList(scope, tenant, limit));
  }
}

/** Reads back every row, the config, the prompt and every webhook receipt of one tenant. */
async function sweepTenant(run: Run, tenant: TenantModel): Promise<void> {
  await run.storage.withTenant(tenant.id, async (scope) => {
    for (const kind of kinds) {
      for (const [key, row] of rowsOf(tenant, kind)) {
        run.doing = `reading ${kind} ${key} of tenant ${tenant.id}`;
        expect(await readOwnRow(scope, kind, key)).toEqual(row);
      }
    }
    run.doing = `reading config and prompt of tenant ${tenant.id}`;
    expect(await scope.config.get(), 'config').toEqual(tenant.config);
    expect(await scope.prompt.get(), 'prompt').toEqual(tenant.prompt);
    for (const key of tenant.receipts) {
      const [provider, eventId] = key.split(':') as ['twilio' | 'vapi', string];
      run.doing = `recording webhook event ${key} of tenant ${tenant.id} again`;
      expect(await scope.webhookReceipts.record({ provider, eventId })).toEqual({ duplicate: true });
    }
  });
}

export async function sweepRows(run: Run): Promise<void> {
  for (const tenant of run.tenants) await sweepTenant(run, tenant);
}
