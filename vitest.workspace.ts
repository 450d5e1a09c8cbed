/** Every project `pnpm test` runs; the root vitest.config.ts reads this list. */
export const workspace = [
  'packages/*',
  // By config file: a bare folder glob would also make examples/plugins (a folder of packages) a project.
  'examples/*/vitest.config.ts',
  'examples/plugins/*/vitest.config.ts',
  'test/vitest.memory.config.ts',
  'test/vitest.http.config.ts',
  'test/vitest.postgres.config.ts',
  'test/vitest.pack.config.ts',
];
