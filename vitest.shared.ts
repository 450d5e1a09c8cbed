import { defineProject } from 'vitest/config';

/** Per-package Vitest project: resolve workspace packages to their `src/` through the source condition. */
export function nuvatraTestProject(
  name: string,
  overrides: { testTimeout?: number; environment?: 'node' | 'jsdom'; setupFiles?: string[] } = {},
) {
  return defineProject({
    resolve: { conditions: ['@nuvatra/source'] },
    ssr: { resolve: { conditions: ['@nuvatra/source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
      testTimeout: overrides.testTimeout ?? 30_000,
      environment: overrides.environment ?? 'node',
      ...(overrides.setupFiles ? { setupFiles: overrides.setupFiles } : {}),
    },
  });
}
