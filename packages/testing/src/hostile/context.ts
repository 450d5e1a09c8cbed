import { request as httpRequest } from 'node:http';
import { expect, it } from 'vitest';
import type { HostileSnapshot, HostileTarget, HostileTenant } from './options.js';

/** What a refused request may leave behind: an audit entry in a tenant, a row of the unrouted (refusal) log. */
export type LogKind = 'audit' | 'unrouted' | 'oauthState';

/** Shared by every case of one suite run; `target` is set before the first case runs. */
export interface Hostile {
  target: HostileTarget;
}

export function tenantsOf(hostile: Hostile): { a: HostileTenant; b: HostileTenant } {
  return hostile.target.tenants;
}

/** A request to the running server; `path` may carry a query. Never follows redirects. */
export function send(hostile: Hostile, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${hostile.target.baseUrl}${path}`, { redirect: 'manual', ...init });
}

/** `{ error: { code, message } }` with the status, as JSON: what every refusal must look like. */
export async function expectError(response: Response, status: number, code?: string): Promise<void> {
  const text = await response.text();
  expect({ status: response.status, body: text.slice(0, 300) }).toMatchObject({ status });
  expect(response.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.message).toBe('string');
  if (code) expect(body.error?.code).toBe(code);
  else expect(typeof body.error?.code).toBe('string');
}

/** The status of a response whose body is read and dropped. */
export async function statusOf(response: Response): Promise<number> {
  await response.arrayBuffer();
  return response.status;
}

function changedTables(before: HostileSnapshot, after: HostileSnapshot): string[] {
  const tables = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...tables].filter((table) => before[table] !== after[table]).sort();
}

/**
 * Runs `action` and checks what it wrote: no table changed but the log tables of the kinds in `writes`, and each
 * of those kinds did change (an expected audit entry or refusal record that is missing fails the case too).
 */
export async function expectWrites(hostile: Hostile, writes: readonly LogKind[], action: () => Promise<void>) {
  const { snapshot, logTables } = hostile.target;
  const before = await snapshot();
  await action();
  const changed = changedTables(before, await snapshot());
  const tablesOf = (kind: LogKind) => logTables[kind === 'oauthState' ? 'oauthStates' : kind] ?? [];
  const allowed = new Set(writes.flatMap(tablesOf));
  expect(
    changed.filter((table) => !allowed.has(table)),
    'tables written that the case forbids',
  ).toEqual([]);
  const missing = writes.filter((kind) => !tablesOf(kind).some((table) => changed.includes(table)));
  expect(missing, 'expected log entries that were not written').toEqual([]);
}

/** Runs `action` and checks it wrote nothing at all. */
export function expectNothingWritten(hostile: Hostile, action: () => Promise<void>) {
  return expectWrites(hostile, [], action);
}

/** "nothing written", or what it may write, for a case's name. */
export function writesText(writes: readonly LogKind[]): string {
  if (writes.length === 0) return 'nothing written';
  const names = { audit: 'an audit entry', unrouted: 'an unrouted-log row', oauthState: 'the used consent deleted' };
  return `only ${writes.map((kind) => names[kind]).join(' and ')} written`;
}

/** What a refused request answers and may leave behind. */
export interface Refusal {
  status: number;
  /** The error code of the `{ error }` body. */
  code?: string;
  /** The log tables it must write to (and no other table); none by default. */
  writes?: readonly LogKind[];
}

/**
 * Registers a case named `<label> → <status> <code>, <what may be written>`: sends the request, expects the error
 * answer, and compares the snapshots taken before and after.
 */
export function refusalCase(hostile: Hostile, label: string, expected: Refusal, request: () => Promise<Response>) {
  const writes = expected.writes ?? [];
  const answer = `${expected.status}${expected.code ? ` ${expected.code}` : ''}`;
  it(`${label} → ${answer}, ${writesText(writes)}`, () =>
    expectWrites(hostile, writes, async () => expectError(await request(), expected.status, expected.code)));
}

/**
 * A request on a connection of its own, closed after the answer. For bodies the server refuses before reading them
 * (413): the server may drop that connection while draining the rest, which must not fail the next case's request.
 */
export function sendAlone(
  hostile: Hostile,
  path: string,
  init: { method: string; headers: Record<string, string>; body: string | Uint8Array },
): Promise<Response> {
  const url = new URL(`${hostile.target.baseUrl}${path}`);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: init.method, headers: { ...init.headers, connection: 'close' }, agent: false },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
              headers.append(name, item);
          }
          resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode ?? 0, headers }));
        });
      },
    );
    // The server may answer and close before the whole body is sent: that answer is the one to check.
    request.on('error', reject);
    request.end(init.body);
  });
}
