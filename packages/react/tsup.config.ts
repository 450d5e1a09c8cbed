import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';
import { nuvatraTsupPreset } from '../../tsup.preset.js';

/** src/styles.css `@import`s one file per concern (the source condition serves it as is); dist gets one file. */
function inlineImports(file: string): string {
  return readFileSync(file, 'utf8').replace(/@import\s+["'](.+?)["'];/g, (_, path: string) =>
    inlineImports(join(dirname(file), path)),
  );
}

export default defineConfig(
  nuvatraTsupPreset(
    { index: 'src/index.ts' },
    {
      target: 'es2022',
      platform: 'browser',
      async onSuccess() {
        writeFileSync('dist/styles.css', inlineImports('src/styles.css'));
      },
    },
  ),
);
