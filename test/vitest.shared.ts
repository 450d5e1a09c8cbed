import { configDefaults, defineProject } from 'vitest/config';

/** The black-box tests run twice: against the handler in memory, and through a real node:http server. */
export function integrationProject(transport: 'memory' | 'http') {
  return defineProject({
    resolve: { conditions: ['@nuvatra/source'] },
    ssr: { resolve: { conditions: ['@nuvatra/source'] } },
    test: {
      name: `integration (${transport})`,
      include: ['**/*.test.ts'],
      // test/pack is its own project (vitest.pack.config.ts): it packs and installs, it does not call the API.
      exclude: [...configDefaults.exclude, 'pack/**'],
      env: { NUVATRA_TEST_TRANSPORT: transport },
      testTimeout: 30_000,
    },
  });
}
