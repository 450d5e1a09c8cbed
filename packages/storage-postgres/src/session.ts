import {
  type Condition,
  createHttpError,
  type DriverSession,
  type FindManyOptions,
  type ModelDefinition,
  type ModelName,
  models,
  NuvatraError,
  type Row,
} from '@nuvatra/core';
import type { QueryResult } from 'pg';
import type { Runner } from './connection.js';
import { toStorageError } from './errors.js';
import { ident } from './sql.js';
import { fromRecord, toParameter } from './values.js';

const operators = { eq: '=', ne: '<>', lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;

export interface SessionOptions {
  /** Bound tenant: every statement on a tenant-owned model is filtered by it. null for a global session. */
  tenantId: string | null;
  schema: string;
  /** The connection that holds `model`: one for everything, or the control or the tenant's database. */
  runnerFor: (model: ModelDefinition) => Promise<Runner>;
  /** Plugins' models, registered by migrate. */
  modelOf?: (name: string) => ModelDefinition | undefined;
}

function fail(message: string): never {
  // A programming error inside Nuvatra or an adapter, never a request's fault.
  throw new NuvatraError({ code: 'INTERNAL', message });
}

/**
 * One generic session over node-postgres. The tenant filter lives here and only here: statements on a
 * tenant-owned model always start their WHERE with `tenant_id = $1`, and inserts always write the bound tenant.
 * Row-level security checks the same thing again in the database, as a second wall.
 */
export function createPostgresSession<M extends string = ModelName>(options: SessionOptions): DriverSession<M> {
  const { tenantId, schema } = options;

  function resolve(name: M) {
    const model: ModelDefinition =
      (models as Record<string, ModelDefinition>)[name] ??
      options.modelOf?.(name) ??
      fail(`Unknown model "${String(name)}".`);
    if (model.tenantOwned && tenantId === null) fail(`${model.table} is tenant-owned: use withTenant.`);
    if (!model.tenantOwned && tenantId !== null) fail(`${model.table} belongs to no tenant: use a global session.`);
    return { model, table: `${ident(schema)}.${ident(model.table)}` };
  }

  const column = (model: ModelDefinition, field: string) =>
    ident(model.fields[field]?.column ?? fail(`${model.table} has no field "${field}".`));

  function whereClause(model: ModelDefinition, where: readonly Condition[] = [], params: unknown[] = []) {
    const parts: string[] = [];
    if (model.tenantOwned) {
      params.push(tenantId);
      parts.push(`tenant_id = $${params.length}`);
    }
    for (const condition of where) {
      if (model.tenantOwned && condition.field === 'tenantId') fail('The tenant filter is bound by the session.');
      const target = column(model, condition.field);
      const op = condition.op ?? 'eq';
      if (condition.value === null && (op === 'eq' || op === 'ne')) {
        parts.push(`${target} IS ${op === 'eq' ? '' : 'NOT '}NULL`);
        continue;
      }
      params.push(toParameter(model, condition.field, condition.value));
      parts.push(`${target} ${operators[op]} $${params.length}`);
    }
    return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
  }

  async function run(model: ModelDefinition, work: (runner: Runner) => Promise<QueryResult>) {
    try {
      return await work(await options.runnerFor(model));
    } catch (error) {
      throw toStorageError(error, model.table);
    }
  }

  /** Inserts unless the row collides with a key: a collision does not abort the transaction, it answers false. */
  async function insertOrSkip(name: M, row: Row): Promise<{ inserted: boolean; table: string }> {
    const { model, table } = resolve(name);
    if (model.tenantOwned && row.tenantId !== undefined && row.tenantId !== tenantId) {
      fail(`Refused to write a row of tenant "${String(row.tenantId)}" inside the scope of "${tenantId}".`);
    }
    const values: Row = model.tenantOwned ? { ...row, tenantId } : row;
    const fields = Object.keys(model.fields).filter((field) => values[field] !== undefined);
    const columns = fields.map((field) => column(model, field)).join(', ');
    const placeholders = fields.map((_, index) => `$${index + 1}`).join(', ');
    const sql = `INSERT INTO ${table} (${columns}) VALUES (${placeholders}) ON CONFLICT DO NOTHING`;
    const params = fields.map((field) => toParameter(model, field, values[field]));
    const result = await run(model, (runner) => runner.query(sql, params));
    return { inserted: (result.rowCount ?? 0) > 0, table: model.table };
  }

  return {
    async insert(name, row) {
      const { inserted, table } = await insertOrSkip(name, row);
      if (!inserted) throw createHttpError('CONFLICT', `A row with the same key already exists in ${table}.`);
    },
    async insertIfAbsent(name, row) {
      return (await insertOrSkip(name, row)).inserted;
    },
    async findOne(name, where) {
      const { model, table } = resolve(name);
      const clause = whereClause(model, where);
      const result = await run(model, (runner) =>
        runner.query(`SELECT * FROM ${table}${clause.sql} LIMIT 1`, clause.params),
      );
      const record = result.rows[0];
      return record ? fromRecord(model, record, result.fields) : null;
    },
    async findMany(name, findOptions: FindManyOptions = {}) {
      const { model, table } = resolve(name);
      const clause = whereClause(model, findOptions.where);
      let sql = `SELECT * FROM ${table}${clause.sql}`;
      const params = clause.params;
      const orderBy = findOptions.orderBy ?? [];
      if (findOptions.after) {
        const directions = new Set(orderBy.map((order) => order.direction));
        if (directions.size !== 1 || findOptions.after.length !== orderBy.length) {
          fail('Keyset pagination needs one direction and one value per orderBy field.');
        }
        const tuple = orderBy.map((order) => column(model, order.field)).join(', ');
        const placeholders = orderBy.map((order, index) => {
          params.push(toParameter(model, order.field, findOptions.after?.[index]));
          return `$${params.length}`;
        });
        sql += `${clause.sql ? ' AND' : ' WHERE'} (${tuple}) ${orderBy[0]?.direction === 'desc' ? '<' : '>'} (${placeholders.join(', ')})`;
      }
      if (orderBy.length) {
        sql += ` ORDER BY ${orderBy.map((order) => `${column(model, order.field)} ${order.direction.toUpperCase()}`).join(', ')}`;
      }
      if (findOptions.limit !== undefined) {
        params.push(findOptions.limit);
        sql += ` LIMIT $${params.length}`;
      }
      const result = await run(model, (runner) => runner.query(sql, params));
      return result.rows.map((record) => fromRecord(model, record, result.fields));
    },
    async update(name, where, patch) {
      const { model, table } = resolve(name);
      const fields = Object.keys(patch).filter((field) => patch[field] !== undefined);
      if (model.tenantOwned && fields.includes('tenantId')) fail('A row cannot move to another tenant.');
      if (fields.length === 0) return 0;
      const params = fields.map((field) => toParameter(model, field, patch[field]));
      const assignments = fields.map((field, index) => `${column(model, field)} = $${index + 1}`);
      const clause = whereClause(model, where, params);
      // In a savepoint: a unique violation answers CONFLICT and the transaction goes on, as on SQLite.
      const result = await run(model, (runner) =>
        runner.guarded(`UPDATE ${table} SET ${assignments.join(', ')}${clause.sql}`, clause.params),
      );
      return result.rowCount ?? 0;
    },
    async delete(name, where) {
      const { model, table } = resolve(name);
      const clause = whereClause(model, where);
      const result = await run(model, (runner) => runner.query(`DELETE FROM ${table}${clause.sql}`, clause.params));
      return result.rowCount ?? 0;
    },
    async count(name, where) {
      const { model, table } = resolve(name);
      const clause = whereClause(model, where);
      const result = await run(model, (runner) =>
        runner.query(`SELECT count(*) AS n FROM ${table}${clause.sql}`, clause.params),
      );
      return Number(result.rows[0]?.n ?? 0);
    },
  };
}
