import { defineProject } from 'vitest/config';

/** The black-box tests run twice: against the handler in memory, and through a real node:http server. */
export function integrationProject(transport: 'memory' | 'http') {
  return defineProject({
    resolve: { conditions: ['@nuvatra/source'] },
    ssr: { resolve: { conditions: ['@nuvatra/source'] } },
    test: {
      name: `integration (${transport})`,
      include: ['**/*.test.ts'],
      env: { NUVATRA_TEST_TRANSPORT: transport },
      testTimeout: 30_000,
    },
  });
}
