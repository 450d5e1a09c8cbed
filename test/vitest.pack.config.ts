import { defineProject } from 'vitest/config';

/**
 * The pack-and-install test: packs every package and installs the tarballs with npm in a project outside the
 * workspace. It runs node, npm and tsc as child processes, so no source condition is set here.
 */
export default defineProject({
  test: {
    name: 'pack',
    include: ['pack/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
});
