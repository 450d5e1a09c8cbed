import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// Vite names what it builds under assets/ after the content's hash, so a browser may keep those for good;
// index.html must be asked for again each time, or a new build would never be seen.
const immutable = 'public, max-age=31536000, immutable';
const revalidate = 'no-cache';

export interface StaticFiles {
  /** Whether the directory holds a built app (its index.html). */
  readonly available: boolean;
  /** A file of the app, index.html for any other path without an extension (the app routes), else null. */
  answer(request: Request, pathname: string): Promise<Response | null>;
}

/** Serves a built single-page app from `directory`, never anything outside it. */
export function createStaticFiles(directory: string): StaticFiles {
  const root = resolve(directory);
  const indexFile = join(root, 'index.html');
  return {
    available: existsSync(indexFile),
    async answer(request, pathname) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return null;
      const file = toFilePath(root, pathname);
      if (file === null) return new Response('Bad request path.', { status: 400 });
      if (file !== root && (await isFile(file))) {
        const cache = file.startsWith(join(root, 'assets') + sep) ? immutable : revalidate;
        return fileResponse(request, file, cache);
      }
      // A missing file with an extension is a broken link, not a page of the app: answer 404, not HTML.
      if (extname(pathname) !== '' && extname(pathname) !== '.html') return null;
      return (await isFile(indexFile)) ? fileResponse(request, indexFile, revalidate) : null;
    },
  };
}

/** The file a URL path names inside root, or null when it is malformed or would leave root (`..`, `%2e%2e%2f`). */
function toFilePath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  return file === root || file.startsWith(root + sep) ? file : null;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function fileResponse(request: Request, file: string, cacheControl: string): Promise<Response> {
  const body = await readFile(file);
  return new Response(request.method === 'HEAD' ? null : body, {
    headers: {
      'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'content-length': String(body.byteLength),
      'cache-control': cacheControl,
      'x-content-type-options': 'nosniff',
    },
  });
}
