import { defineProject } from 'vitest/config';

/** Per-package Vitest project: resolve workspace packages to their `src/` through the source condition. */
export function nuvatraTestProject(name: string, overrides: { testTimeout?: number } = {}) {
  return defineProject({
    resolve: { conditions: ['@nuvatra/source'] },
    ssr: { resolve: { conditions: ['@nuvatra/source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: overrides.testTimeout ?? 30_000,
    },
  });
}
