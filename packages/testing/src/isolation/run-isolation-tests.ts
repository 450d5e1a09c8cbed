import type { Storage } from '@nuvatra/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllPages } from '../fixtures/pages.js';
import { checkSuiteOptions, type IsolationSuiteOptions } from '../options.js';
import { createTenantModel } from './model.js';
import { createRandom } from './random.js';
import { replayable } from './replay.js';
import { type Run, runOperations } from './rounds.js';
import { expectAllRouting, expectRoutingOf } from './routing-checks.js';
import { replayHint, resolveIsolationSeed } from './seed.js';
import { sweepLists, sweepRows } from './sweep.js';

const MIN_TENANTS = 20;

function positiveInteger(value: number | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min)
    throw new TypeError(`runIsolationTests: options.${name} must be an integer of at least ${min}.`);
  return value;
}

/**
 * The isolation property suite: many tenants, a seeded stream of interleaved operations through every
 * repository, a model of what each tenant owns, and checks that no tenant ever reads, changes or lists
 * another's rows. The tests share one storage and run in order.
 */
export function runIsolationTests(options: IsolationSuiteOptions): void {
  checkSuiteOptions('runIsolationTests', options);
  const tenantCount = positiveInteger(options.tenants, MIN_TENANTS, 'tenants', MIN_TENANTS);
  const operations = positiveInteger(options.operations, 1000, 'operations', 1);
  const seed = resolveIsolationSeed(options.seed);

  describe(`${options.name}: tenant isolation`, () => {
    // `storage` is set in beforeAll, before any test reads it.
    const run: Run = {
      storage: undefined as unknown as Storage,
      tenants: [],
      random: createRandom(seed),
      doing: '',
      batches: 0,
    };
    const test = (body: () => Promise<void>) => replayable(seed, () => run.doing, body);

    beforeAll(async () => {
      console.info(`[nuvatra] ${options.name} isolation: seed ${seed} (${replayHint(seed)})`);
      run.storage = await options.createStorage();
    });
    afterAll(async () => {
      await run.storage?.close();
    });

    it(
      `creates ${tenantCount} tenants, each found by its own slug and external id`,
      test(async () => {
        for (let index = 0; index < tenantCount; index++) {
          run.doing = `creating tenant ${index}`;
          const tenant = await run.storage.tenants.create({
            slug: `tenant-${index}`,
            name: `Tenant ${index}`,
            plan: run.random.pick(['free', 'pro']),
            externalIds: { clerk_org: `org_${index}` },
          });
          run.tenants.push(createTenantModel(index, tenant.id, tenant.slug, `org_${index}`));
        }
        const listed = await readAllPages((page) => run.storage.tenants.list(page), 7);
        expect(listed.map((tenant) => tenant.id).sort()).toEqual(run.tenants.map((tenant) => tenant.id).sort());
        for (const tenant of run.tenants) await expectRoutingOf(run, tenant);
      }),
    );

    it(
      `runs ${operations} seeded operations in which no tenant reads, changes or deletes another tenant's rows`,
      test(() => runOperations(run, operations)),
    );

    it(
      "lists every tenant's rows, walked page by page, as exactly its own and newest first",
      test(() => sweepLists(run)),
    );

    it(
      'reads back every row, config, prompt and webhook receipt of every tenant exactly as the model holds them',
      test(() => sweepRows(run)),
    );

    it(
      'routes every number, external id, slug and user to the tenant that registered it, answering ids only',
      test(() => expectAllRouting(run)),
    );
  });
}
