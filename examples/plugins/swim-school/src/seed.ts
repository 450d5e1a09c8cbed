import { createId, type Storage } from '@nuvatra/core';
import type { SwimClass } from './classes.js';

const timetable: Array<Omit<SwimClass, 'id'>> = [
  {
    title: 'Ducklings (parent and baby)',
    level: 'beginner',
    minAge: 0,
    maxAge: 3,
    weekday: 'sat',
    startTime: '09:30',
    durationMinutes: 30,
  },
  { title: 'Otters', level: 'beginner', minAge: 4, maxAge: 6, weekday: 'mon', startTime: '16:00', durationMinutes: 30 },
  {
    title: 'Seals',
    level: 'intermediate',
    minAge: 6,
    maxAge: 9,
    weekday: 'wed',
    startTime: '17:00',
    durationMinutes: 45,
  },
  { title: 'Squad', level: 'advanced', minAge: 9, maxAge: 16, weekday: 'thu', startTime: '18:00', durationMinutes: 60 },
];

/**
 * Gives one tenant a timetable and, from `now`, two meeting slots a day (10:00 and 15:00 UTC) for five days. Seeds
 * once: a tenant that has classes is left as it is.
 */
export async function seedSwimSchool(storage: Storage, tenantId: string, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  return storage.withTenant(tenantId, async (scope) => {
    const classes = scope.model('swimClasses');
    if ((await classes.count()) > 0) return { seeded: false };
    for (const [index, entry] of timetable.entries()) await classes.insert({ id: `cls_${index + 1}`, ...entry });
    for (let day = 1; day <= 5; day++) {
      for (const hour of [10, 15]) {
        const startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + day, hour));
        await scope
          .model('swimSlots')
          .insert({ id: createId('slot'), startsAt: startsAt.toISOString(), durationMinutes: 30, bookingId: null });
      }
    }
    return { seeded: true };
  });
}
