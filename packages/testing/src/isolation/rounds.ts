import type { Storage } from '@nuvatra/core';
import { expect } from 'vitest';
import { pickOperation } from './catalog.js';
import { readOwnRow } from './cross-operations.js';
import { rowsOf, type Step, type TenantModel, type Victim } from './model.js';
import type { Random } from './random.js';
import { explainFailure } from './replay.js';
import { claimOtherTenantsNumber, expectRoutingOf } from './routing-checks.js';

/** The state of one isolation run, shared by its tests in order. */
export interface Run {
  storage: Storage;
  tenants: TenantModel[];
  random: Random;
  /** What the run is doing now, for failure messages. */
  doing: string;
  batches: number;
}

// Serial numbers are handed out per batch, from a base fixed when the batch is planned, so concurrent batches
// get the same numbers on every replay.
const SERIALS_PER_BATCH = 32;

async function runBatch(
  run: Run,
  self: TenantModel,
  random: Random,
  size: number,
  probeOthers: boolean,
): Promise<Victim[]> {
  const base = run.batches++ * SERIALS_PER_BATCH;
  let used = 0;
  let doing = `tenant ${self.index} (${self.id}) opening its scope`;
  const victims: Victim[] = [];
  try {
    await run.storage.withTenant(self.id, async (scope) => {
      const step: Step = {
        scope,
        self,
        others: probeOthers ? run.tenants.filter((tenant) => tenant !== self) : [],
        random,
        serial() {
          if (used === SERIALS_PER_BATCH) throw new Error('A batch used more serial numbers than planned.');
          return base + used++;
        },
        victims,
        note(what) {
          doing = `tenant ${self.index} (${self.id}) ran ${what}`;
        },
      };
      for (let i = 0; i < size; i++) await pickOperation(random, probeOthers)(step);
    });
  } catch (error) {
    throw explainFailure(error, doing);
  }
  return victims;
}

/** Each row another tenant tried to change, read in its own tenant: it must be exactly as the model holds it. */
async function expectVictimsUnchanged(run: Run, victims: Victim[]): Promise<void> {
  for (const tenant of new Set(victims.map((victim) => victim.tenant))) {
    await run.storage.withTenant(tenant.id, async (scope) => {
      for (const { kind, key } of victims.filter((victim) => victim.tenant === tenant)) {
        run.doing = `checking ${kind} ${key} of tenant ${tenant.id} after another tenant tried to change it`;
        expect(await readOwnRow(scope, kind, key)).toEqual(rowsOf(tenant, kind).get(key) ?? null);
      }
    });
  }
}

/**
 * Runs `total` operations: mostly one tenant at a time with probes of the others, and every fourth round a few
 * tenants at once (Promise.all of withTenant), touching only their own rows so the model stays deterministic.
 */
export async function runOperations(run: Run, total: number): Promise<void> {
  const { random, tenants } = run;
  let done = 0;
  for (let round = 1; done < total; round++) {
    if (round % 4 === 0) {
      const group = random.sample(tenants, random.int(3, 6));
      const plans = group.map((self) => ({ self, random: random.fork(), size: random.int(3, 8) }));
      run.doing = `round ${round}: tenants ${group.map((tenant) => tenant.index).join(', ')} at once`;
      await Promise.all(plans.map((plan) => runBatch(run, plan.self, plan.random, plan.size, false)));
      done += plans.reduce((sum, plan) => sum + plan.size, 0);
      continue;
    }
    const self = random.pick(tenants);
    const size = Math.min(random.int(3, 8), total - done);
    const victims = await runBatch(run, self, random.fork(), size, true);
    await expectVictimsUnchanged(run, victims);
    done += size;
    if (random.chance(0.1)) {
      await claimOtherTenantsNumber(run, random);
      done += 1;
    }
    if (random.chance(0.2)) {
      const tenant = random.pick(tenants);
      run.doing = `checking routing of tenant ${tenant.id}`;
      await expectRoutingOf(run, tenant, random);
      done += 1;
    }
  }
}
