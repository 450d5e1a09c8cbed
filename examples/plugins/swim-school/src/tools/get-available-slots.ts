import { z } from 'zod';
import type { SwimSchoolSettings } from '../options.js';
import { listFreeSlots } from '../slots.js';
import { defineSchemaTool } from './define-tool.js';

const args = z
  .object({
    from: z.iso.date().optional().describe('The first day to look at (YYYY-MM-DD); today when left out'),
    limit: z.number().int().min(1).max(10).default(5).describe('How many slots to offer'),
  })
  .strict();

/** `get_available_slots`: the next free times a member of staff can meet the family. */
export function getAvailableSlotsTool(settings: SwimSchoolSettings) {
  return defineSchemaTool({
    description: 'Lists the next free times for a meeting with the swim school (an assessment or a first visit).',
    args,
    async handle({ scope }, { from, limit }) {
      const now = settings.now();
      const start = from && Date.parse(from) > now.getTime() ? new Date(from) : now;
      const slots = await listFreeSlots(scope, start, limit);
      return {
        slots: slots.map((slot) => ({ slotId: slot.id, startsAt: slot.startsAt, minutes: slot.durationMinutes })),
      };
    },
  });
}
