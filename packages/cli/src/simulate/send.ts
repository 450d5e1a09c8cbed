import { toPublicBaseUrl } from '@nuvatra/core';
import type { CommandInput, OptionSpec } from '../command.js';
import { type CliContext, CliError, EXIT, usageError } from '../io.js';

// Where simulated webhooks go, and what the server answered.

const serverOption: OptionSpec = {
  type: 'string',
  placeholder: 'url',
  description: 'Where the server listens',
  defaultText: 'http://localhost:$PORT, PORT 3000',
};

/** `--server`, and `--public-url` for requests signed over their URL (Twilio's). */
export const serverOptions: Record<string, OptionSpec> = {
  server: serverOption,
  'public-url': {
    type: 'string',
    placeholder: 'url',
    description: 'The public URL the server checks signatures against',
    defaultText: 'PUBLIC_BASE_URL, else --server',
  },
};

/** `--server` alone, for requests whose signature does not cover the URL (Vapi's secret, Svix's). */
export const serverOnly: Record<string, OptionSpec> = { server: serverOption };

/** Where the request goes: `--server`, else http://localhost:$PORT (3000). */
export function serverOf(input: CommandInput, context: CliContext): string {
  const server = input.option('server') ?? `http://localhost:${context.io.env.PORT?.trim() || 3000}`;
  if (!URL.canParse(server) || !/^https?:$/.test(new URL(server).protocol)) {
    throw usageError(`--server must be an http(s) URL such as http://localhost:3000; got "${server}".`);
  }
  return server.replace(/\/+$/, '');
}

/** The origin a request is signed for, the server's PUBLIC_BASE_URL: `--public-url`, else PUBLIC_BASE_URL. */
export function publicUrlOf(input: CommandInput, context: CliContext, server: string): string {
  const publicUrl = input.option('public-url') ?? (context.io.env.PUBLIC_BASE_URL?.trim() || server);
  try {
    return toPublicBaseUrl(publicUrl).origin;
  } catch (error) {
    throw usageError(`--public-url / PUBLIC_BASE_URL: ${(error as Error).message}`);
  }
}

export interface ServerAnswer {
  url: string;
  status: number;
  contentType: string;
  body: string;
  /** The `{ error: { code, message } }` of a 4xx/5xx answer, when it has one. */
  error: { code: string; message: string } | null;
}

export async function post(
  context: CliContext,
  server: string,
  path: string,
  request: { headers: Record<string, string>; body: string },
): Promise<ServerAnswer> {
  const url = `${server}${path}`;
  context.progress(`POST ${url}`);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(
      EXIT.failed,
      'SERVER_UNREACHABLE',
      `Could not reach ${url} (${cause?.code ?? cause?.message ?? (error as Error).message}): is the server running ` +
        '(pnpm start), and is --server its address?',
    );
  }
  const body = await response.text();
  return {
    url,
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body,
    error: response.ok ? null : errorOf(body),
  };
}

function errorOf(body: string): { code: string; message: string } | null {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const { code, message } = parsed.error ?? {};
    return typeof code === 'string' && typeof message === 'string' ? { code, message } : null;
  } catch {
    return null;
  }
}

/** The answer's status line; for a 4xx/5xx, what the server said and exit code 1. */
export function statusOf(answer: ServerAnswer) {
  const ok = answer.status >= 200 && answer.status < 300;
  const said = answer.error ? ` ${answer.error.code}: ${answer.error.message}` : '';
  return {
    ok,
    exitCode: ok ? EXIT.ok : EXIT.failed,
    line: `The server answered ${answer.status}${ok ? '' : said || ` ${answer.body.slice(0, 500)}`}`,
  };
}
