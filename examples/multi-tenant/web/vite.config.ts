import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The example's dashboard. Workspace packages resolve to their src/ through the source condition, so no package
// build is needed; `vite` (dev server) proxies the API to the example server on PORT (default 3000).
const api = `http://localhost:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { conditions: ['@nuvatra/source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': api, '/dashboard-config.json': api, '/demo': api } },
});
