import { weekdaySchema } from '@nuvatra/core';
import { z } from 'zod';
import { levelSchema, listClasses } from '../classes.js';
import { defineSchemaTool } from './define-tool.js';

const args = z
  .object({
    age: z.number().int().min(0).max(99).optional().describe("The swimmer's age in years"),
    level: levelSchema.optional().describe('beginner, intermediate or advanced'),
    day: weekdaySchema.optional().describe('Day of the week, e.g. "mon"'),
  })
  .strict();

/** `get_classes`: the weekly timetable, narrowed by the swimmer's age, level and a day. */
export function getClassesTool() {
  return defineSchemaTool({
    description: "Lists the swim school's weekly classes, optionally for a swimmer's age, a level or a day.",
    args,
    async handle({ scope }, { age, level, day }) {
      const classes = await listClasses(scope, { level, weekday: day });
      const fitting = age === undefined ? classes : classes.filter((c) => c.minAge <= age && age <= c.maxAge);
      return {
        classes: fitting.map((c) => ({
          id: c.id,
          title: c.title,
          level: c.level,
          ages: `${c.minAge}-${c.maxAge}`,
          day: c.weekday,
          time: c.startTime,
          durationMinutes: c.durationMinutes,
        })),
      };
    },
  });
}
