import type { CommandSpec } from '../command.js';
import { withStorage } from '../storage/open.js';

const migrate: CommandSpec = {
  name: 'migrate',
  summary: 'Apply pending storage migrations (the example server also applies them when it starts)',
  details: [
    'Postgres at DATABASE_URL (one shared schema, or a database per tenant with NUVATRA_DATABASE_PER_TENANT=1);',
    'else SQLite under NUVATRA_DATA_DIR, one file or one per tenant.',
  ],
  options: {},
  async run(_input, { io }) {
    return withStorage(io, async ({ storage, where }) => ({
      data: { driver: storage.driverName },
      lines: [`Storage is up to date: ${where}.`],
    }));
  },
};

export const migrateCommands: CommandSpec[] = [migrate];
