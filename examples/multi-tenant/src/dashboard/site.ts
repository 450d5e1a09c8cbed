import { extname } from 'node:path';
import type { FetchHandler } from '@nuvatra/core';
import { answerDemoRecording } from '../demo-recording.js';
import type { DashboardConfig } from './config.js';
import type { StaticFiles } from './static-files.js';

export interface SiteOptions {
  /** The Nuvatra handler: everything under /api. */
  api: FetchHandler;
  dashboard: StaticFiles;
  config: DashboardConfig;
  /** Answer /demo/recordings/<n>.wav, the demo calls' generated audio (development only). */
  demoRecordings: boolean;
}

/** The API, the dashboard's config and files, and the demo recordings behind one Fetch handler. */
export function createSiteHandler({ api, dashboard, config, demoRecordings }: SiteOptions): FetchHandler {
  return {
    async handle(request) {
      const { pathname } = new URL(request.url);
      if (pathname === '/api' || pathname.startsWith('/api/')) return api.handle(request);
      if (pathname === '/dashboard-config.json') {
        return Response.json(config, { headers: { 'cache-control': 'no-store' } });
      }
      const recording = demoRecordings ? answerDemoRecording(request, pathname) : null;
      if (recording) return recording;
      const file = await dashboard.answer(request, pathname);
      if (file) return file;
      // A page of the app was asked for, but there is no index.html to answer it with.
      if (extname(pathname) === '' && request.method === 'GET') return notBuilt();
      return new Response('Not found.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    },
  };
}

function notBuilt(): Response {
  return new Response(
    'The dashboard is not built. Run `pnpm start` from the repository root (it builds it first), or build it with `pnpm --filter @nuvatra/example-multi-tenant build:web`. The API is under /api.\n',
    { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } },
  );
}
