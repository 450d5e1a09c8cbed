import type { TestProject } from 'vitest/node';
import { createDatabase, databaseUrl, onServer } from '../test-support/postgres.js';

// The Postgres run of the black-box suite: one fresh database for the project, each test app in its own schema.

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export async function setup(project: TestProject) {
  const name = `nvt_http_${Math.random().toString(16).slice(2, 10)}`;
  await createDatabase(name);
  project.provide('postgresUrl', databaseUrl(name));
  return async () => {
    await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  };
}
