import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';

// Test-only: the part of Google the example's Google plugins reach, on loopback, trimmed from
// packages/gmail/test/fake-google.ts (which closes itself with onTestFinished, so it cannot start in a beforeAll):
// - OIDC certificates (PEM by key id) of an RSA key made per run; the hostile suite signs Pub/Sub push tokens with it;
// - OAuth: token (code exchange, refresh), revoke, userinfo;
// - Gmail: users.getProfile, users.watch, users.stop, users.history.list, users.messages.get, per access token.

export interface FakeEmail {
  id: string;
  from: string;
  subject: string;
  text: string;
}

interface Mailbox {
  historyId: number;
  records: Array<{ id: number; messageIds: string[] }>;
  messages: Map<string, FakeEmail>;
}

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

function gmailMessage(email: FakeEmail, address: string) {
  return {
    id: email.id,
    threadId: `t-${email.id}`,
    labelIds: ['INBOX', 'UNREAD'],
    snippet: email.text.slice(0, 100),
    historyId: '1',
    internalDate: '1767225600000',
    sizeEstimate: 1000,
    payload: {
      partId: '',
      mimeType: 'text/plain',
      filename: '',
      headers: [
        { name: 'From', value: email.from },
        { name: 'To', value: address },
        { name: 'Subject', value: email.subject },
        { name: 'Message-ID', value: `<${email.id}@mail.example.com>` },
        { name: 'Content-Type', value: 'text/plain; charset="UTF-8"' },
      ],
      body: { size: email.text.length, data: base64url(email.text) },
    },
  };
}

export async function startFakeGoogle() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const accessTokens = new Map<string, string>();
  const refreshTokens = new Map<string, string>();
  const codes = new Map<string, string>();
  const mailboxes = new Map<string, Mailbox>();
  const issueAccessToken = (address: string) => {
    const token = `ya29.${randomBytes(18).toString('base64url')}`;
    accessTokens.set(token, address);
    return token;
  };
  const mailbox = (address: string): Mailbox => {
    let found = mailboxes.get(address);
    if (!found) {
      found = { historyId: 1000, records: [], messages: new Map() };
      mailboxes.set(address, found);
    }
    return found;
  };

  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const method = incoming.method ?? 'GET';
    const send = (status: number, body: unknown) => {
      outgoing.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      outgoing.end(JSON.stringify(body));
    };
    const apiError = (status: number, message: string) =>
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
          expires_in: 3599,
          scope: form.get('scope') ?? 'openid https://www.googleapis.com/auth/userinfo.email',
          token_type: 'Bearer',
        });
      }
      if (form.get('grant_type') === 'refresh_token') {
        const address = refreshTokens.get(form.get('refresh_token') ?? '');
        if (!address) return send(400, { error: 'invalid_grant', error_description: 'Token has been revoked.' });
        return send(200, { access_token: issueAccessToken(address), expires_in: 3599, token_type: 'Bearer' });
      }
      return send(400, { error: 'unsupported_grant_type' });
    }
    if (method === 'POST' && url.pathname === '/revoke') return send(200, {});

    const token = /^Bearer (.+)$/.exec(String(incoming.headers.authorization ?? ''))?.[1] ?? '';
    const address = accessTokens.get(token);
    if (url.pathname === '/userinfo') {
      return address ? send(200, { email: address, email_verified: true }) : apiError(401, 'Invalid Credentials');
    }
    if (!url.pathname.startsWith('/gmail/v1/users/me/')) return send(404, { error: `No fake for ${url.pathname}` });
    if (!address) return apiError(401, 'Request had invalid authentication credentials.');
    const box = mailbox(address);
    const path = url.pathname.slice('/gmail/v1/users/me/'.length);
    if (method === 'GET' && path === 'profile') {
      return send(200, { emailAddress: address, messagesTotal: box.messages.size, historyId: String(box.historyId) });
    }
    if (method === 'POST' && path === 'watch') {
      return send(200, { historyId: String(box.historyId), expiration: String(Date.now() + 7 * 86_400_000) });
    }
    if (method === 'POST' && path === 'stop') {
      outgoing.writeHead(204);
      return outgoing.end();
    }
    if (method === 'GET' && path === 'history') {
      const start = Number(url.searchParams.get('startHistoryId'));
      if (!Number.isFinite(start)) return apiError(404, 'Requested entity was not found.');
      const records = box.records.filter((record) => record.id > start);
      return send(200, {
        history: records.map((record) => ({
          id: String(record.id),
          messages: record.messageIds.map((id) => ({ id, threadId: `t-${id}` })),
          messagesAdded: record.messageIds.map((id) => ({
            message: { id, threadId: `t-${id}`, labelIds: ['INBOX'] },
          })),
        })),
        historyId: String(box.historyId),
      });
    }
    const messageId = /^messages\/([^/]+)$/.exec(path)?.[1];
    if (method === 'GET' && messageId) {
      const email = box.messages.get(messageId);
      return email ? send(200, gmailMessage(email, address)) : apiError(404, 'Requested entity was not found.');
    }
    return send(404, { error: `No fake for ${method} ${url.pathname}` });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
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
    /** The key the certificates publish, which Pub/Sub push tokens are signed with, and its key id. */
    signing: { privateKey, kid },
    /** An authorization code Google would hand back after `address` consented (single use). */
    consent(address: string): string {
      const code = `4/${randomBytes(12).toString('base64url')}`;
      codes.set(code, address);
      mailbox(address);
      return code;
    },
    /** New mail in `address`'s inbox: a new history record; answers the mailbox's history id now. */
    deliver(address: string, email: FakeEmail): string {
      const box = mailbox(address);
      box.messages.set(email.id, email);
      box.historyId += 1;
      box.records.push({ id: box.historyId, messageIds: [email.id] });
      return String(box.historyId);
    },
    close(): Promise<void> {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type FakeGoogle = Awaited<ReturnType<typeof startFakeGoogle>>;
