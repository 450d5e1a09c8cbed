import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createApiKeyAuth,
  createNuvatra,
  type Logger,
  type NuvatraOptions,
  type NuvatraPlugin,
  type Storage,
} from '@nuvatra/core';
import { createSqliteJobQueue, createSqliteStorage } from '@nuvatra/storage-sqlite';
import { Webhook } from 'svix';
import { onTestFinished } from 'vitest';
import { type ClerkAuthOptions, clerkAuth, clerkWebhooks } from '../src/index.js';
import { type ClerkKeys, createClerkKeys, frontendOrigin, type SessionShape, signSessionToken } from './tokens.js';

// Test-only: one deployment on real SQLite (shared file in memory, or a file per tenant) with the real
// createNuvatra, Clerk as its auth provider and Clerk's webhooks mounted; tokens and events signed with the
// libraries Clerk and Svix use.

export const publicBaseUrl = 'https://api.nuvatra.example';
export const adminUserId = 'user_2admin000000000000000000000';
export const signingSecret = `whsec_${randomBytes(24).toString('base64')}`;
export const webhookPath = '/api/webhooks/clerk';
/** An API key of tenant "acme", to show Clerk leaves other providers' credentials alone. */
export const acmeApiKey = 'nvk_acme_0123456789abcdefghijklmnop';

let sharedKeys: Promise<ClerkKeys> | undefined;
/** One RSA key pair for every test file's tokens: generating one takes a while. */
export const clerkKeys = () => {
  sharedKeys ??= createClerkKeys();
  return sharedKeys;
};

export interface TestAppOptions {
  storage?: 'shared' | 'file-per-tenant';
  /** Options of clerkAuth on top of the test defaults (the PEM key, the frontend as authorised party). */
  clerk?: ClerkAuthOptions;
  plugins?: NuvatraPlugin[];
  tenantTemplate?: NuvatraOptions['tenantTemplate'];
  /** A job queue on the same SQLite storage (no worker: the test runs due jobs); none by default. */
  queue?: boolean;
}

export interface DeliverOptions {
  /** Svix message id; a fresh one by default. The same id is what a retry carries. */
  messageId?: string;
  /** When Svix signed it; now by default. */
  signedAt?: Date;
  /** The secret it is signed with (the endpoint's by default). */
  secret?: string;
  /** Replaces or removes (null) Svix headers after signing. */
  headers?: Record<string, string | null>;
  /** Sent instead of the JSON of the payload, after signing the JSON. */
  body?: string;
}

let messages = 0;

export async function createTestApp(options: TestAppOptions = {}) {
  const storage = createStorage(options.storage ?? 'shared');
  await storage.migrate();
  const keys = await clerkKeys();
  /** What the server logged as failed: 500s answer a generic message, the detail is here. */
  const errors: unknown[] = [];
  const logger: Logger = { info() {}, warn() {}, error: (_message, fields) => void errors.push(fields?.error) };
  const queue = options.queue ? createSqliteJobQueue({ storage }) : null;
  await queue?.migrate();
  const nuvatra = createNuvatra({
    ...(queue ? { jobs: { driver: queue, worker: false as const } } : {}),
    storage,
    auth: [
      clerkAuth({ jwtKey: keys.publicKeyPem, authorizedParties: [frontendOrigin], env: {}, ...options.clerk }),
      createApiKeyAuth({ keys: [{ key: acmeApiKey, principal: 'billing-script', tenant: 'acme' }] }),
    ],
    adminUserIds: [adminUserId],
    logger,
    publicBaseUrl,
    plugins: [clerkWebhooks({ signingSecret, env: {} }), ...(options.plugins ?? [])],
    ...(options.tenantTemplate ? { tenantTemplate: options.tenantTemplate } : {}),
  });

  const token = (shape: SessionShape) => signSessionToken(keys, shape);

  /** A dashboard or admin request with a session token (or any Authorization header given). */
  async function api(method: string, path: string, send: { token?: string; body?: unknown; headers?: HeadersInit }) {
    const headers = new Headers(send.headers);
    if (send.token) headers.set('authorization', `Bearer ${send.token}`);
    if (send.body !== undefined) headers.set('content-type', 'application/json');
    const body = send.body === undefined ? null : JSON.stringify(send.body);
    return nuvatra.handle(new Request(`${publicBaseUrl}${path}`, { method, headers, body }));
  }

  /** A Clerk event as Svix delivers it: JSON, signed over `id.timestamp.body` with the endpoint's secret. */
  function deliver(payload: unknown, send: DeliverOptions = {}) {
    return nuvatra.handle(signedDelivery(`${publicBaseUrl}${webhookPath}`, payload, send));
  }

  return { nuvatra, storage, keys, errors, token, api, deliver };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export function signedDelivery(url: string, payload: unknown, send: DeliverOptions = {}): Request {
  const messageId = send.messageId ?? `msg_${(++messages).toString().padStart(27, '0')}`;
  const signedAt = send.signedAt ?? new Date();
  const body = JSON.stringify(payload);
  const headers = new Headers({
    'content-type': 'application/json',
    'svix-id': messageId,
    'svix-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
    'svix-signature': new Webhook(send.secret ?? signingSecret).sign(messageId, signedAt, body),
  });
  for (const [name, value] of Object.entries(send.headers ?? {})) {
    if (value === null) headers.delete(name);
    else headers.set(name, value);
  }
  return new Request(url, { method: 'POST', headers, body: send.body ?? body });
}

function createStorage(mode: 'shared' | 'file-per-tenant'): Storage {
  if (mode === 'shared') return createSqliteStorage({ mode: 'shared', filename: ':memory:' });
  const directory = mkdtempSync(join(tmpdir(), 'nuvatra-clerk-'));
  const storage = createSqliteStorage({ mode: 'file-per-tenant', directory });
  onTestFinished(async () => {
    await storage.close();
    rmSync(directory, { recursive: true, force: true });
  });
  return storage;
}

/** Every tenant, as global admins list them. */
export async function allTenants(storage: Storage) {
  return (await storage.tenants.list({ limit: 200 })).items;
}
