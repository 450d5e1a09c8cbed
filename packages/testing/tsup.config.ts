import { defineConfig } from 'tsup';
import { nuvatraTsupPreset } from '../../tsup.preset.js';

// ESM only: vitest, which the suites import, refuses require(). CommonJS callers on Node >= 20.19 still load
// this build through require(esm).
export default defineConfig(
  nuvatraTsupPreset({ index: 'src/index.ts', hostile: 'src/hostile/index.ts' }, { format: ['esm'] }),
);
