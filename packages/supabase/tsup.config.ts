import { defineConfig } from 'tsup';
import { nuvatraTsupPreset } from '../../tsup.preset.js';

// Two entries: the server's storage (pulls in pg) and the browser's client (supabase-js only), so a dashboard
// bundle never reaches node-postgres.
export default defineConfig(nuvatraTsupPreset({ index: 'src/index.ts', client: 'src/client.ts' }));
