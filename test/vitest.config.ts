import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@nuvatra/source'] },
  ssr: { resolve: { conditions: ['@nuvatra/source'] } },
  test: { name: 'integration', include: ['**/*.test.ts'], testTimeout: 30_000 },
});
