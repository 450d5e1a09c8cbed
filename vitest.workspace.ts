/** Every project `pnpm test` runs; the root vitest.config.ts reads this list. */
export const workspace = [
  'packages/*',
  'examples/*',
  'test/vitest.memory.config.ts',
  'test/vitest.http.config.ts',
  'test/vitest.postgres.config.ts',
  'test/vitest.pack.config.ts',
];
