import type { Storage } from '@nuvatra/core';
import { seedSwimSchool } from '@nuvatra/example-swim-school';
import { demoSharedNumber, demoSwimSchool, demoTenants } from './demo-data.js';
import { demoRecordingUrl } from './demo-recording.js';
import { seedActivity } from './seed-activity.js';
import type { SeedClock } from './seed-clock.js';

export interface SeedOptions {
  /** The clock the storage was opened with, so the demo's calls are dated over the last days. */
  clock?: SeedClock;
  /** Where the server answers: demo calls' recordings point at its /demo/recordings/<n>.wav. None: no recordings. */
  origin?: string;
}

/**
 * Brings the demo to its starting state: the three businesses, their owners, configs, numbers and past activity
 * (calls, intents, bookings, texts), and the shared number. What exists already is kept, so a restart changes
 * nothing and a half-seeded database is completed.
 */
export async function seedDemo(storage: Storage, options: SeedOptions = {}): Promise<{ created: string[] }> {
  const created: string[] = [];
  const seededAt = new Date();
  let firstPosition = 1;
  for (const { tenant, owner, numbers, config, activity } of demoTenants) {
    let tenantId = await storage.routing.tenantIdBySlug(tenant.slug);
    if (!tenantId) {
      tenantId = (await storage.tenants.create(tenant)).id;
      created.push(tenant.slug);
    }
    await storage.withTenant(tenantId, async (scope) => {
      if (!(await scope.members.get(owner))) await scope.members.add({ userId: owner, role: 'owner' });
      if (!(await scope.config.get())) await scope.config.put(config);
      for (const number of numbers) {
        const registered = (await scope.phoneNumbers.list()).some((n) => n.label === number.label);
        if (!registered) await scope.phoneNumbers.create(number);
      }
      await seedActivity(scope, activity, {
        seededAt,
        ...(options.clock ? { clock: options.clock } : {}),
        recordingUrl: (position) => (options.origin ? demoRecordingUrl(options.origin, position) : null),
        firstPosition,
      });
    });
    firstPosition += activity.calls.length;
  }
  if ((await storage.sharedNumbers.list()).length === 0) await storage.sharedNumbers.add(demoSharedNumber);
  return { created };
}

/**
 * The swim school's timetable and meeting slots, in the swim-school plugin's own tables: storage must have been
 * migrated with the plugin (`openApp` does). Seeded once; a school that has classes is left as it is.
 */
export async function seedDemoSwimSchool(storage: Storage): Promise<{ seeded: boolean }> {
  const tenantId = await storage.routing.tenantIdBySlug(demoSwimSchool.slug);
  if (!tenantId) return { seeded: false };
  return seedSwimSchool(storage, tenantId);
}
