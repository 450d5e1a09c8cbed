import { type Row, type TenantScope, weekdaySchema } from '@nuvatra/core';
import { z } from 'zod';

export const levelSchema = z.enum(['beginner', 'intermediate', 'advanced']);

/** A class row as the plugin reads it back (rows are the plugin's to validate). */
export const swimClassSchema = z.object({
  id: z.string(),
  title: z.string(),
  level: levelSchema,
  minAge: z.number().int(),
  maxAge: z.number().int(),
  weekday: weekdaySchema,
  startTime: z.string().regex(/^\d\d:\d\d$/),
  durationMinutes: z.number().int().positive(),
});
export type SwimClass = z.infer<typeof swimClassSchema>;

const toClass = (row: Row) => swimClassSchema.parse(row);

export async function findClass(scope: TenantScope, id: string): Promise<SwimClass | null> {
  const row = await scope.model('swimClasses').findOne([{ field: 'id', value: id }]);
  return row ? toClass(row) : null;
}

export async function listClasses(
  scope: TenantScope,
  filter: { level?: string | undefined; weekday?: string | undefined },
): Promise<SwimClass[]> {
  const where = [
    ...(filter.level ? [{ field: 'level', value: filter.level }] : []),
    ...(filter.weekday ? [{ field: 'weekday', value: filter.weekday }] : []),
  ];
  const rows = await scope.model('swimClasses').findMany({ where, orderBy: [{ field: 'id', direction: 'asc' }] });
  return rows.map(toClass);
}
