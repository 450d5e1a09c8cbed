import { NuvatraError } from '../errors/errors.js';
import { type FieldType, type ModelDefinition, type ModelField, models } from './models.js';

/** One versioned DDL step of a plugin, in one SQL dialect. Append new versions; never edit an applied one. */
export interface StorageMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The tables a plugin brings: tenant-owned models described like core's (`tenant_id` leading the key, so they
 * stay isolated and distributable), and their migrations per SQL dialect.
 */
export interface PluginStorage {
  models: Record<string, ModelDefinition>;
  migrations: Partial<Record<'sqlite' | 'postgres', readonly StorageMigration[]>>;
}

/** What `storage.migrate({ plugins })` reads of a plugin. */
export interface StoragePlugin {
  name: string;
  storage?: PluginStorage;
}

/** A plugin's storage as a driver migrates it: the migration set is named `plugin:<name>`. */
export interface StorageExtension extends PluginStorage {
  name: string;
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * Describes a plugin's tenant-owned table. `tenantId` is added and leads the key; a field given by its type
 * alone is stored in the snake_case column of its name (`startsAt` → `starts_at`).
 */
export function definePluginModel(definition: {
  table: string;
  /** The key after `tenantId`; `['id']` when left out. */
  key?: readonly string[];
  fields: Record<string, FieldType | ModelField>;
}): ModelDefinition {
  const fields: Record<string, ModelField> = { tenantId: { column: 'tenant_id', type: 'string' } };
  for (const [name, field] of Object.entries(definition.fields)) {
    fields[name] = typeof field === 'string' ? { column: snakeCase(name), type: field } : field;
  }
  return {
    table: definition.table,
    tenantOwned: true,
    placement: 'tenant',
    key: ['tenantId', ...(definition.key ?? ['id'])],
    fields,
  };
}

const coreTables = new Set<string>(Object.values(models).map((model) => model.table));
const identifier = /^[a-z][a-z0-9_]{0,62}$/;

function invalid(plugin: string, message: string): never {
  throw new NuvatraError({ code: 'CONFIG_INVALID', message: `Plugin "${plugin}": ${message}` });
}

/** Checks plugins' storage before anything is migrated; every mistake is CONFIG_INVALID naming the plugin. */
export function toStorageExtensions(plugins: readonly StoragePlugin[]): StorageExtension[] {
  const seenModels = new Map<string, string>();
  const seenTables = new Map<string, string>();
  const extensions: StorageExtension[] = [];
  for (const plugin of plugins) {
    if (!plugin.storage) continue;
    const { name } = plugin;
    for (const [modelName, model] of Object.entries(plugin.storage.models)) {
      if (modelName in models || seenModels.has(modelName)) {
        invalid(
          name,
          `the model name "${modelName}" is taken${seenModels.has(modelName) ? ` by plugin "${seenModels.get(modelName)}"` : ' by core'}.`,
        );
      }
      if (!identifier.test(model.table) || coreTables.has(model.table) || seenTables.has(model.table)) {
        invalid(name, `the table "${model.table}" is not a free lowercase SQL name.`);
      }
      if (!model.tenantOwned || model.placement !== 'tenant') {
        invalid(
          name,
          `model "${modelName}" must be tenant-owned with placement "tenant"; plugins keep no cross-tenant rows.`,
        );
      }
      if (model.key[0] !== 'tenantId' || model.fields.tenantId?.column !== 'tenant_id') {
        invalid(name, `model "${modelName}" needs a tenantId field (column tenant_id) leading its key.`);
      }
      for (const [field, definition] of Object.entries(model.fields)) {
        if (!identifier.test(definition.column))
          invalid(name, `field "${field}" has a column name that is not a plain SQL name.`);
      }
      seenModels.set(modelName, name);
      seenTables.set(model.table, name);
    }
    for (const [dialect, steps] of Object.entries(plugin.storage.migrations)) {
      let previous = 0;
      for (const step of steps ?? []) {
        if (!Number.isInteger(step.version) || step.version <= previous) {
          invalid(name, `${dialect} migration versions must be whole numbers in increasing order.`);
        }
        previous = step.version;
      }
    }
    extensions.push({ name, ...plugin.storage });
  }
  return extensions;
}
