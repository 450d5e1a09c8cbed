import { defineJob, isNuvatraError, metadataSchema, type Storage, type TenantScope } from '@nuvatra/core';

/** What one job of the isolation run carries: the effect to write and how to misbehave before it succeeds. */
export interface IsolationPayload {
  /** The call id the job writes in its tenant, once. */
  key: string;
  /** Attempts that fail before one succeeds. */
  failures: number;
  /** Whether a failing attempt throws after its write committed (the retry must not write twice) or inside it. */
  failAfterWrite: boolean;
  /** Another tenant the handler tries to reach, and must not. */
  probe: string;
}

export interface IsolationRecord {
  /** Whatever a handler saw that is not its own tenant's: must stay empty. */
  violations: string[];
  /** Attempts started per job id. */
  attempts: Map<string, number>;
}

async function checkOwnRows(scope: TenantScope, tenantId: string, allowed: (key: string) => boolean, into: string[]) {
  let cursor: string | null = null;
  do {
    const page = await scope.calls.list({ limit: 100, ...(cursor ? { cursor } : {}) });
    for (const call of page.items) {
      if (call.tenantId !== tenantId || !allowed(call.providerCallId)) {
        into.push(`job of ${tenantId} saw call ${call.providerCallId} of ${call.tenantId}`);
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
}

/**
 * The isolation run's one job: it reads every call its scope can reach (each must be its tenant's), tries to reach
 * another tenant (which must be refused), and writes its effect idempotently, failing as its payload says.
 */
export function isolationJob(
  storage: () => Storage,
  /** The call ids a tenant may hold: its seed call and its jobs' keys. */
  keysOf: (tenantId: string) => ReadonlySet<string>,
  record: IsolationRecord,
) {
  return defineJob({
    name: 'isolation.write',
    payload: metadataSchema,
    maxAttempts: 4,
    backoffMs: 1000,
    async handle({ job, payload, attempt, tenantId, withScope, jobs }) {
      const { key, failures, failAfterWrite, probe } = payload as unknown as IsolationPayload;
      record.attempts.set(job.id, attempt);
      if (job.tenantId !== tenantId) record.violations.push(`job ${job.id} of ${job.tenantId} ran in ${tenantId}`);
      const reached = await storage()
        .withTenant(probe, () => 'reached')
        .catch((error: unknown) => error);
      if (!isNuvatraError(reached, 'TENANT_SCOPE_NESTED')) record.violations.push(`${tenantId} opened ${probe}`);
      const enqueued = await jobs.enqueue(job.name, payload, { tenantId: probe }).catch((error: unknown) => error);
      if (!isNuvatraError(enqueued, 'FORBIDDEN')) record.violations.push(`${tenantId} enqueued for ${probe}`);
      const failing = attempt <= failures;
      await withScope(async (scope) => {
        if (scope.tenantId !== tenantId)
          record.violations.push(`job of ${tenantId} got the scope of ${scope.tenantId}`);
        await checkOwnRows(scope, tenantId, (id) => keysOf(tenantId).has(id), record.violations);
        if (!(await scope.calls.getByProviderCallId('other', key))) {
          await scope.calls.create({ provider: 'other', providerCallId: key, to: '+15550100001' });
        }
        if (failing && !failAfterWrite) throw new Error(`failing inside the scope (attempt ${attempt})`);
      });
      if (failing) throw new Error(`failing after the write (attempt ${attempt})`);
    },
  });
}
