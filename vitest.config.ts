import { defineConfig } from 'vitest/config';
import { workspace } from './vitest.workspace.js';

export default defineConfig({
  test: {
    // Vitest 4 replaced the workspace file with `projects`; vitest.workspace.ts keeps the list in one place.
    projects: workspace,
  },
});
