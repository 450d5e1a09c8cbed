import { type ModelDefinition, NuvatraError, type Row } from '@nuvatra/core';
import pg, { type FieldDef } from 'pg';

// Type OIDs of the columns whose JavaScript value depends on the column's SQL type: core's tables use jsonb,
// boolean and timestamptz, while a plugin's portable DDL may store the same fields as text or integer.
const TEXT_TYPES = new Set([25, 1043, 1042]);
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;

function fail(message: string): never {
  // A programming error inside Nuvatra or an adapter, never a request's fault.
  throw new NuvatraError({ code: 'INTERNAL', message });
}

/** A value as a statement parameter; the same text works for a jsonb or text column, a boolean or integer one. */
export function toParameter(model: ModelDefinition, field: string, value: unknown): unknown {
  const definition = model.fields[field] ?? fail(`${model.table} has no field "${field}".`);
  if (value === undefined || value === null) return null;
  if (definition.type === 'json') return JSON.stringify(value);
  if (definition.type === 'boolean') return value ? '1' : '0';
  return value;
}

const pgTimestamp =
  /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?$/;

/**
 * PostgreSQL's text form of a timestamp (DateStyle ISO, any TimeZone) as the ISO-8601 UTC string core writes:
 * milliseconds always, microseconds when the stored value has them. Parsed by hand because a JavaScript Date
 * would drop the microseconds.
 */
export function toIsoTimestamp(text: string): string {
  const m = pgTimestamp.exec(text);
  if (!m) return text;
  const [, y, mo, d, h, mi, sec, fraction = '', sign, oh = '0', om = '0', os = '0'] = m;
  const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60 + Number(os));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec)) - offset * 1000;
  // PostgreSQL prints the fraction without trailing zeros: .5 is 500 ms, .123456 keeps its microseconds.
  return `${new Date(utc).toISOString().slice(0, 19)}.${fraction.padEnd(3, '0')}Z`;
}

/** Per-query type parsers: timestamps stay text (toIsoTimestamp reads them), everything else as pg parses it. */
export const queryTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return (value: string) => value;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

/** A database record as a Row of the model's fields: json parsed, booleans and timestamps as core expects. */
export function fromRecord(model: ModelDefinition, record: Record<string, unknown>, fields: readonly FieldDef[]): Row {
  const row: Row = {};
  for (const [field, definition] of Object.entries(model.fields)) {
    const value = record[definition.column];
    const typeId = fields.find((f) => f.name === definition.column)?.dataTypeID;
    if (value === null || value === undefined) row[field] = null;
    else if (definition.type === 'json') row[field] = TEXT_TYPES.has(typeId ?? 0) ? JSON.parse(String(value)) : value;
    else if (definition.type === 'boolean') row[field] = value === true || Number(value) === 1;
    else if (definition.type === 'timestamp')
      row[field] = typeId === TIMESTAMPTZ || typeId === TIMESTAMP ? toIsoTimestamp(String(value)) : value;
    else if (definition.type === 'integer' || definition.type === 'number') row[field] = Number(value);
    else row[field] = value;
  }
  return row;
}
