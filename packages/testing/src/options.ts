import type { Storage } from '@nuvatra/core';

export interface StorageSuiteOptions {
  /** Names the suite in the test report, e.g. `sqlite (shared file)`. */
  name: string;
  /** A fresh, migrated, empty storage; called once per test (contract) or once per run (isolation). */
  createStorage: () => Promise<Storage>;
}

export interface IsolationSuiteOptions extends StorageSuiteOptions {
  /** How many tenants share the storage; at least 20 (default 20). */
  tenants?: number;
  /** How many random operations run across them (default 1000). */
  operations?: number;
  /** Replays a run; otherwise `NUVATRA_ISOLATION_SEED`, otherwise random. */
  seed?: number;
}

/** Checked when the suite is defined, so a typo fails the file before any test runs. */
export function checkSuiteOptions(suite: string, options: StorageSuiteOptions): void {
  if (typeof options?.name !== 'string' || options.name.length === 0) {
    throw new TypeError(`${suite}: options.name must be a non-empty string naming the adapter.`);
  }
  if (typeof options.createStorage !== 'function') {
    throw new TypeError(`${suite}: options.createStorage must be a function returning a fresh, migrated Storage.`);
  }
}
