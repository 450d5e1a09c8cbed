import { defineConfig } from 'tsup';
import { nuvatraTsupPreset } from '../../tsup.preset.js';

// ESM only: a command-line tool, and its programmatic entry loads on Node >= 20.19 through require(esm) too.
// `bin` keeps its shebang (esbuild preserves it) and tsup marks it executable; both entries share one chunk.
export default defineConfig(
  nuvatraTsupPreset(
    { index: 'src/index.ts', bin: 'src/bin.ts' },
    { format: ['esm'], platform: 'node', splitting: true },
  ),
);
