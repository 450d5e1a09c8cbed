import {
  type Condition,
  type DriverSession,
  type FindManyOptions,
  type ModelDefinition,
  type ModelName,
  models,
  NuvatraError,
  type Row,
} from '@nuvatra/core';
import type Database from 'better-sqlite3';
import { toStorageError } from './errors.js';

const operators = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

export interface SessionOptions {
  db: Database.Database;
  /** Bound tenant: every statement on a tenant-owned model is filtered by it. null for a global session. */
  tenantId: string | null;
  /** The schema that holds `model` on this connection: `main`, or `control` when the control file is attached. */
  schemaOf: (model: ModelDefinition) => string;
  /** Plugins' models, registered by migrate. */
  modelOf?: (name: string) => ModelDefinition | undefined;
  /** Told the table of every insert, update and delete, before it runs. */
  onWrite?: (table: string) => void;
}

function fail(message: string): never {
  // A programming error inside Nuvatra or an adapter, never a request's fault.
  throw new NuvatraError({ code: 'INTERNAL', message });
}

function toColumnValue(model: ModelDefinition, field: string, value: unknown): unknown {
  const definition = model.fields[field] ?? fail(`${model.table} has no field "${field}".`);
  if (value === undefined || value === null) return null;
  if (definition.type === 'json') return JSON.stringify(value);
  if (definition.type === 'boolean') return value ? 1 : 0;
  return value;
}

function fromColumns(model: ModelDefinition, record: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [field, definition] of Object.entries(model.fields)) {
    const value = record[definition.column];
    if (value === null || value === undefined) row[field] = null;
    else if (definition.type === 'json') row[field] = JSON.parse(String(value));
    else if (definition.type === 'boolean') row[field] = value === 1;
    else row[field] = value;
  }
  return row;
}

// Prepared statements live as long as their connection, not their session: a session lasts one transaction.
const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function statementsOf(db: Database.Database) {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  return statements;
}

/**
 * One generic session over better-sqlite3. The tenant filter lives here and only here: statements on a
 * tenant-owned model always start their WHERE with `tenant_id = ?`, and inserts always write the bound tenant.
 */
export function createSqliteSession<M extends string = ModelName>(options: SessionOptions): DriverSession<M> {
  const { db, tenantId, schemaOf } = options;
  const statements = statementsOf(db);
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  function resolve(name: M) {
    const model: ModelDefinition =
      (models as Record<string, ModelDefinition>)[name] ??
      options.modelOf?.(name) ??
      fail(`Unknown model "${String(name)}".`);
    if (model.tenantOwned && tenantId === null) fail(`${model.table} is tenant-owned: use withTenant.`);
    if (!model.tenantOwned && tenantId !== null) fail(`${model.table} belongs to no tenant: use a global session.`);
    return { model, table: `"${schemaOf(model)}"."${model.table}"` };
  }

  function whereClause(model: ModelDefinition, where: readonly Condition[] = []) {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (model.tenantOwned) {
      parts.push('tenant_id = ?');
      params.push(tenantId);
    }
    for (const condition of where) {
      if (model.tenantOwned && condition.field === 'tenantId') fail('The tenant filter is bound by the session.');
      const column = model.fields[condition.field]?.column ?? fail(`${model.table} has no field "${condition.field}".`);
      const op = condition.op ?? 'eq';
      if (condition.value === null && (op === 'eq' || op === 'ne')) {
        parts.push(`"${column}" IS ${op === 'eq' ? '' : 'NOT '}NULL`);
        continue;
      }
      parts.push(`"${column}" ${operators[op]} ?`);
      params.push(toColumnValue(model, condition.field, condition.value));
    }
    return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
  }

  function insertStatement(name: M, row: Row, onConflict: string) {
    const { model, table } = resolve(name);
    options.onWrite?.(model.table);
    const values: Row = model.tenantOwned ? { ...row, tenantId } : row;
    if (model.tenantOwned && row.tenantId !== undefined && row.tenantId !== tenantId) {
      fail(`Refused to write a row of tenant "${String(row.tenantId)}" inside the scope of "${tenantId}".`);
    }
    const fields = Object.keys(model.fields).filter((field) => values[field] !== undefined);
    const columns = fields.map((field) => `"${model.fields[field]?.column}"`).join(', ');
    const sql = `INSERT INTO ${table} (${columns}) VALUES (${fields.map(() => '?').join(', ')})${onConflict}`;
    return { model, sql, params: fields.map((field) => toColumnValue(model, field, values[field])) };
  }

  function run<T>(table: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof NuvatraError) throw error;
      throw toStorageError(error, table);
    }
  }

  return {
    async insert(name, row) {
      const { model, sql, params } = insertStatement(name, row, '');
      run(model.table, () => prepare(sql).run(...params));
    },
    async insertIfAbsent(name, row) {
      const { model, sql, params } = insertStatement(name, row, ' ON CONFLICT DO NOTHING');
      return run(model.table, () => prepare(sql).run(...params).changes > 0);
    },
    async findOne(name, where) {
      const { model, table } = resolve(name);
      const clause = whereClause(model, where);
      const record = run(model.table, () =>
        prepare(`SELECT * FROM ${table}${clause.sql} LIMIT 1`).get(...clause.params),
      );
      return record ? fromColumns(model, record as Record<string, unknown>) : null;
    },
    async findMany(name, findOptions: FindManyOptions = {}) {
      const { model, table } = resolve(name);
      const clause = whereClause(model, findOptions.where);
      let sql = `SELECT * FROM ${table}${clause.sql}`;
      const params = [...clause.params];
      const orderBy = findOptions.orderBy ?? [];
      const column = (field: string) =>
        `"${model.fields[field]?.column ?? fail(`${model.table} has no field "${field}".`)}"`;
      if (findOptions.after) {
        const directions = new Set(orderBy.map((order) => order.direction));
        if (directions.size !== 1 || findOptions.after.length !== orderBy.length) {
          fail('Keyset pagination needs one direction and one value per orderBy field.');
        }
        const tuple = orderBy.map((order) => column(order.field)).join(', ');
        const placeholders = orderBy.map(() => '?').join(', ');
        sql += `${clause.sql ? ' AND' : ' WHERE'} (${tuple}) ${orderBy[0]?.direction === 'desc' ? '<' : '>'} (${placeholders})`;
        params.push(...orderBy.map((order, index) => toColumnValue(model, order.field, findOptions.after?.[index])));
      }
      if (orderBy.length) {
        sql += ` ORDER BY ${orderBy.map((order) => `${column(order.field)} ${order.direction.toUpperCase()}`).join(', ')}`;
      }
      if (findOptions.limit !== undefined) {
        sql += ' LIMIT ?';
        params.push(findOptions.limit);
      }
      const records = run(model.table, () => prepare(sql).all(...params));
      return records.map((record) => fromColumns(model, record as Record<string, unknown>));
    },
    async update(name, where, patch) {
      const { model, table } = resolve(name);
      options.onWrite?.(model.table);
      const fields = Object.keys(patch).filter((field) => patch[field] !== undefined);
      if (model.tenantOwned && fields.includes('tenantId')) fail('A row cannot move to another tenant.');
      if (fields.length === 0) return 0;
      const assignments = fields.map((field) => {
        const target = model.fields[field] ?? fail(`${model.table} has no field "${field}".`);
        return `"${target.column}" = ?`;
      });
      const clause = whereClause(model, where);
      const params = [...fields.map((field) => toColumnValue(model, field, patch[field])), ...clause.params];
      return run(
        model.table,
        () => prepare(`UPDATE ${table} SET ${assignments.join(', ')}${clause.sql}`).run(...params).changes,
      );
    },
    async delete(name, where) {
      const { model, table } = resolve(name);
      options.onWrite?.(model.table);
      const clause = whereClause(model, where);
      return run(model.table, () => prepare(`DELETE FROM ${table}${clause.sql}`).run(...clause.params).changes);
    },
    async count(name, where) {
      const { model, table } = resolve(name);
      const clause = whereClause(model, where);
      const record = run(model.table, () =>
        prepare(`SELECT COUNT(*) AS n FROM ${table}${clause.sql}`).get(...clause.params),
      );
      return Number((record as { n: number }).n);
    },
  };
}
