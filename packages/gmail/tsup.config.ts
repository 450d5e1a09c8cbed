import { defineConfig } from 'tsup';
import { nuvatraTsupPreset } from '../../tsup.preset.js';

export default defineConfig(nuvatraTsupPreset({ index: 'src/index.ts' }));
