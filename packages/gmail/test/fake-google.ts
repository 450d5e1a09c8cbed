import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { SignJWT } from 'jose';
import { onTestFinished } from 'vitest';

// Test-only: the Google endpoints the plugin reaches, on loopback. Google's own libraries (google-auth-library,
// @googleapis/gmail) are pointed at it; everything between them and our code is real.
// - OIDC certificates (PEM by key id) for an RSA key made per run, and a signer for Pub/Sub's push tokens;
// - OAuth: token (code exchange with PKCE, refresh), revoke, userinfo;
// - Gmail: users.getProfile, users.watch, users.stop, users.history.list, users.messages.get, per access token.

export interface FakeEmail {
  id: string;
  from: string;
  subject: string;
  text: string;
  html?: string;
  labelIds?: string[];
}

interface Mailbox {
  address: string;
  historyId: number;
  /** History records after the watch started; a start older than `oldestHistoryId` is answered 404. */
  records: Array<{ id: number; messageIds: string[] }>;
  oldestHistoryId: number;
  messages: Map<string, FakeEmail>;
  watching: boolean;
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function gmailMessage(email: FakeEmail, address: string) {
  const headers = [
    { name: 'From', value: email.from },
    { name: 'To', value: address },
    { name: 'Subject', value: email.subject },
    { name: 'Message-ID', value: `<${email.id}@mail.example.com>` },
  ];
  const textPart = {
    partId: '0',
    mimeType: 'text/plain',
    filename: '',
    headers: [{ name: 'Content-Type', value: 'text/plain; charset="UTF-8"' }],
    body: { size: email.text.length, data: base64url(email.text) },
  };
  const payload = email.html
    ? {
        partId: '',
        mimeType: 'multipart/alternative',
        filename: '',
        headers,
        body: { size: 0 },
        parts: [
          textPart,
          {
            partId: '1',
            mimeType: 'text/html',
            filename: '',
            headers: [],
            body: { size: email.html.length, data: base64url(email.html) },
          },
        ],
      }
    : { ...textPart, partId: '', headers: [...headers, ...textPart.headers] };
  return {
    id: email.id,
    threadId: `t-${email.id}`,
    labelIds: email.labelIds ?? ['INBOX', 'UNREAD'],
    snippet: email.text.slice(0, 100),
    historyId: '1',
    internalDate: '1767225600000',
    sizeEstimate: 1000,
    payload,
  };
}

/** `now`: Google's clock, epoch milliseconds (the watch's expiry is 7 days after it); shared with the app's in tests. */
/**
 * Starts the fake. It closes itself when the current test finishes; started in a `beforeAll` (where there is no
 * test), pass `{ closeAfterTest: false }` and call `close()`.
 */
export async function startFakeGoogle(options: { now?: () => number; closeAfterTest?: boolean } = {}) {
  const now = options.now ?? Date.now;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const requests: string[] = [];
  /** access token → address; refresh token → address; code → address (with its PKCE challenge kept by Google). */
  const accessTokens = new Map<string, string>();
  const refreshTokens = new Map<string, string>();
  const codes = new Map<string, string>();
  const mailboxes = new Map<string, Mailbox>();
  /** Addresses whose access tokens Google issues for 30 seconds only (so every use refreshes). */
  const shortLived = new Set<string>();
  const expiresIn = (address: string) => (shortLived.has(address) ? 30 : 3599);

  const issueAccessToken = (address: string) => {
    const token = `ya29.${randomBytes(18).toString('base64url')}`;
    accessTokens.set(token, address);
    return token;
  };

  function mailbox(address: string): Mailbox {
    let found = mailboxes.get(address);
    if (!found) {
      found = { address, historyId: 1000, records: [], oldestHistoryId: 1, messages: new Map(), watching: false };
      mailboxes.set(address, found);
    }
    return found;
  }

  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const method = incoming.method ?? 'GET';
    requests.push(`${method} ${url.pathname}`);
    const send = (status: number, body: unknown) => {
      outgoing.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      outgoing.end(JSON.stringify(body));
    };
    const gmailError = (status: number, message: string) =>
      send(status, { error: { code: status, message, status: status === 404 ? 'NOT_FOUND' : 'UNAUTHENTICATED' } });

    if (method === 'GET' && url.pathname === '/oauth2/v1/certs') {
      return send(200, { [kid]: publicKey.export({ type: 'spki', format: 'pem' }) });
    }
    if (method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(text);
      if (form.get('grant_type') === 'authorization_code') {
        const address = codes.get(form.get('code') ?? '');
        if (!address || !form.get('code_verifier')) return send(400, { error: 'invalid_grant' });
        codes.delete(form.get('code') ?? '');
        const refreshToken = `1//${randomBytes(18).toString('base64url')}`;
        refreshTokens.set(refreshToken, address);
        return send(200, {
          access_token: issueAccessToken(address),
          refresh_token: refreshToken,
          expires_in: expiresIn(address),
          scope: 'https://www.googleapis.com/auth/gmail.readonly openid https://www.googleapis.com/auth/userinfo.email',
          token_type: 'Bearer',
        });
      }
      if (form.get('grant_type') === 'refresh_token') {
        const address = refreshTokens.get(form.get('refresh_token') ?? '');
        if (!address) return send(400, { error: 'invalid_grant', error_description: 'Token has been revoked.' });
        return send(200, {
          access_token: issueAccessToken(address),
          expires_in: expiresIn(address),
          token_type: 'Bearer',
        });
      }
      return send(400, { error: 'unsupported_grant_type' });
    }
    if (method === 'POST' && url.pathname === '/revoke') return send(200, {});

    const token = /^Bearer (.+)$/.exec(String(incoming.headers.authorization ?? ''))?.[1] ?? '';
    const address = accessTokens.get(token);
    if (url.pathname === '/userinfo') {
      return address ? send(200, { email: address, email_verified: true }) : gmailError(401, 'Invalid Credentials');
    }
    if (!url.pathname.startsWith('/gmail/v1/users/me/')) return send(404, { error: `No fake for ${url.pathname}` });
    if (!address) return gmailError(401, 'Request had invalid authentication credentials.');
    const box = mailbox(address);
    const path = url.pathname.slice('/gmail/v1/users/me/'.length);

    if (method === 'GET' && path === 'profile') {
      return send(200, { emailAddress: address, messagesTotal: box.messages.size, historyId: String(box.historyId) });
    }
    if (method === 'POST' && path === 'watch') {
      box.watching = true;
      return send(200, { historyId: String(box.historyId), expiration: String(now() + 7 * 86_400_000) });
    }
    if (method === 'POST' && path === 'stop') {
      box.watching = false;
      outgoing.writeHead(204);
      return outgoing.end();
    }
    if (method === 'GET' && path === 'history') {
      const start = Number(url.searchParams.get('startHistoryId'));
      if (!Number.isFinite(start) || start < box.oldestHistoryId)
        return gmailError(404, 'Requested entity was not found.');
      const records = box.records.filter((record) => record.id > start);
      return send(200, {
        history: records.map((record) => ({
          id: String(record.id),
          messages: record.messageIds.map((id) => ({ id, threadId: `t-${id}` })),
          messagesAdded: record.messageIds.map((id) => ({
            message: { id, threadId: `t-${id}`, labelIds: box.messages.get(id)?.labelIds ?? ['INBOX'] },
          })),
        })),
        historyId: String(box.historyId),
      });
    }
    const messageId = /^messages\/([^/]+)$/.exec(path)?.[1];
    if (method === 'GET' && messageId) {
      const email = box.messages.get(messageId);
      return email ? send(200, gmailMessage(email, address)) : gmailError(404, 'Requested entity was not found.');
    }
    return send(404, { error: `No fake for ${method} ${url.pathname}` });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  if (options.closeAfterTest !== false) onTestFinished(close);
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    certsUrl: `${url}/oauth2/v1/certs`,
    endpoints: {
      authUrl: `${url}/o/oauth2/v2/auth`,
      tokenUrl: `${url}/token`,
      revokeUrl: `${url}/revoke`,
      userinfoUrl: `${url}/userinfo`,
    },
    requests,
    close,
    /** The key the certificates publish, which Pub/Sub push tokens are signed with, and its key id. */
    signing: { privateKey, kid },
    /** An authorization code Google would hand back after `address` consented. */
    consent(address: string) {
      const code = `4/${randomBytes(12).toString('base64url')}`;
      codes.set(code, address);
      mailbox(address);
      return code;
    },
    /** A connection made outside the OAuth flow (seeded): its tokens, as Google issued them. */
    grant(address: string) {
      const refreshToken = `1//${randomBytes(18).toString('base64url')}`;
      refreshTokens.set(refreshToken, address);
      mailbox(address);
      return { accessToken: issueAccessToken(address), refreshToken };
    },
    /** From now on, `address`'s access tokens live 30 seconds: each use of the connection refreshes first. */
    shortLived(address: string) {
      shortLived.add(address);
    },
    /** Revokes every token of `address`: the next refresh gets invalid_grant. */
    revoke(address: string) {
      for (const [token, owner] of [...refreshTokens, ...accessTokens]) {
        if (owner === address) {
          refreshTokens.delete(token);
          accessTokens.delete(token);
        }
      }
    },
    /** New mail in `address`'s inbox: a new history record; answers the mailbox's history id now. */
    deliver(address: string, ...emails: FakeEmail[]): string {
      const box = mailbox(address);
      for (const email of emails) box.messages.set(email.id, email);
      box.historyId += 1;
      box.records.push({ id: box.historyId, messageIds: emails.map((email) => email.id) });
      return String(box.historyId);
    },
    /** Another history record naming messages already delivered (Gmail may name a message more than once). */
    renameInHistory(address: string, ...ids: string[]): string {
      const box = mailbox(address);
      box.historyId += 1;
      box.records.push({ id: box.historyId, messageIds: ids });
      return String(box.historyId);
    },
    /** Gmail forgets history up to `historyId` (it keeps about a week). */
    forgetHistory(address: string, historyId: number) {
      mailbox(address).oldestHistoryId = historyId;
    },
    isWatching: (address: string) => mailboxes.get(address)?.watching ?? false,
    /** How many users.watch calls Google answered, for any mailbox. */
    watchCalls: () => requests.filter((request) => request === 'POST /gmail/v1/users/me/watch').length,
    /** Signs a Pub/Sub push token with the key the certificates publish (or `key`), claims as given. */
    async pushToken(claims: Record<string, unknown>, options: { key?: 'other'; kid?: string } = {}) {
      const key = options.key === 'other' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : privateKey;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iat: now, exp: now + 3600, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? kid, typ: 'JWT' })
        .sign(key);
    },
  };
}
export type FakeGoogle = Awaited<ReturnType<typeof startFakeGoogle>>;
