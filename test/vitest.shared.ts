import { configDefaults, defineProject } from 'vitest/config';

/**
 * The black-box tests run against the handler in memory and through a real node:http server, on SQLite; and the
 * HTTP suite once more in memory on Postgres with row-level security.
 */
export function integrationProject(transport: 'memory' | 'http', storage: 'sqlite' | 'postgres' = 'sqlite') {
  return defineProject({
    resolve: { conditions: ['@nuvatra/source'] },
    ssr: { resolve: { conditions: ['@nuvatra/source'] } },
    test: {
      name: storage === 'postgres' ? `integration (${transport}, postgres)` : `integration (${transport})`,
      include: storage === 'postgres' ? ['http/**/*.test.ts'] : ['**/*.test.ts'],
      // test/pack is its own project (vitest.pack.config.ts): it packs and installs, it does not call the API.
      exclude: [...configDefaults.exclude, 'pack/**'],
      env: { NUVATRA_TEST_TRANSPORT: transport, NUVATRA_TEST_STORAGE: storage },
      ...(storage === 'postgres' ? { globalSetup: ['./postgres.global-setup.ts'] } : {}),
      testTimeout: 30_000,
    },
  });
}
