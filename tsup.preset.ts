import type { Options } from 'tsup';

/**
 * The one build every package shares: ESM + CJS + declarations for each named entry.
 * A package's tsup.config.ts names its entries and calls this.
 */
export function nuvatraTsupPreset(entry: Record<string, string>, overrides: Options = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'neutral',
    treeshake: true,
    splitting: false,
    ...overrides,
  };
}
