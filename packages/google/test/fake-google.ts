import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished } from 'vitest';

// Test-only: Google's OAuth endpoints (authorize, token, revoke, userinfo) and Calendar's freeBusy and events on
// 127.0.0.1, answering with the payloads Google documents: token responses with `access_token`, `expires_in`,
// `refresh_token`, `scope`, `token_type`, `id_token`; RFC 6749 errors such as `{ "error": "invalid_grant" }`; a
// `calendar#freeBusy` resource; `calendar#event` resources. Tokens are random per run.

export interface FakeAccount {
  email: string;
  /** Busy times the calendar already holds, besides the events inserted through the API. */
  busy: Array<{ start: string; end: string }>;
  events: Array<Record<string, unknown> & { id: string; start: { dateTime: string }; end: { dateTime: string } }>;
}

export interface FakeGoogle {
  url: string;
  endpoints: { authUrl: string; tokenUrl: string; revokeUrl: string; userinfoUrl: string };
  /** Calendar's API root (`rootUrl` of @googleapis/calendar). */
  rootUrl: string;
  clientId: string;
  clientSecret: string;
  /** Requests to the token endpoint, by grant type. */
  hits: { authorization_code: number; refresh_token: number; revoke: number; freeBusy: number; insert: number };
  accounts: Map<string, FakeAccount>;
  /** The next consent signs in as this account (created on first use). */
  signInAs(email: string): void;
  /** Makes Google forget every grant of an account (the user removed the app): refreshes get `invalid_grant`. */
  revokeAll(email: string): void;
  /** The next event insert answers 500 (Google's backendError). */
  failNextInsert: boolean;
  failRevoke: boolean;
  /** Every Authorization header value the fake saw, to check they reach only Google. */
  authorizations: string[];
  account(email: string): FakeAccount;
}

function b64url(value: object) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export async function startFakeGoogle(): Promise<FakeGoogle> {
  const clientId = `${randomBytes(6).toString('hex')}.apps.googleusercontent.com`;
  const clientSecret = randomBytes(18).toString('base64url');
  const codes = new Map<string, { email: string; challenge: string; redirectUri: string; scope: string }>();
  const refreshTokens = new Map<string, { email: string; scope: string }>();
  const accessTokens = new Map<string, string>();
  let signedIn = 'owner@clinic-a.example';
  const accounts = new Map<string, FakeAccount>();
  const account = (email: string) => {
    let found = accounts.get(email);
    if (!found) {
      found = { email, busy: [], events: [] };
      accounts.set(email, found);
    }
    return found;
  };
  const idToken = (email: string) =>
    `${b64url({ alg: 'RS256', kid: 'fake', typ: 'JWT' })}.${b64url({
      iss: 'https://accounts.google.com',
      aud: clientId,
      sub: createHash('sha256').update(email).digest('hex').slice(0, 21),
      email,
      email_verified: true,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 3600,
    })}.${randomBytes(32).toString('base64url')}`;
  const issueAccess = (email: string) => {
    const token = `ya29.${randomBytes(24).toString('base64url')}`;
    accessTokens.set(token, email);
    return token;
  };

  const fake = {
    clientId,
    clientSecret,
    hits: { authorization_code: 0, refresh_token: 0, revoke: 0, freeBusy: 0, insert: 0 },
    accounts,
    failNextInsert: false,
    failRevoke: false,
    authorizations: [] as string[],
    account,
    signInAs(email: string) {
      signedIn = email;
    },
    revokeAll(email: string) {
      for (const [token, grant] of refreshTokens) if (grant.email === email) refreshTokens.delete(token);
      for (const [token, owner] of accessTokens) if (owner === email) accessTokens.delete(token);
    },
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const oauthError = (res: ServerResponse, error: string, description: string) =>
    send(res, 400, { error, error_description: description });
  const calendarError = (res: ServerResponse, code: number, reason: string, message: string) =>
    send(res, code, { error: { errors: [{ domain: 'global', reason, message }], code, message } });

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function bearer(req: IncomingMessage): string | null {
    const header = req.headers.authorization ?? '';
    fake.authorizations.push(header);
    const token = header.match(/^Bearer (.+)$/)?.[1];
    return token && accessTokens.has(token) ? accessTokens.get(token)! : null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    if (req.method === 'GET' && url.pathname === '/o/oauth2/v2/auth') {
      // The user signs in and consents: Google redirects back with a one-time code.
      const params = url.searchParams;
      if (params.get('client_id') !== clientId) return send(res, 400, { error: 'invalid_client' });
      const code = `4/0A${randomBytes(24).toString('base64url')}`;
      codes.set(code, {
        email: signedIn,
        challenge: params.get('code_challenge') ?? '',
        redirectUri: params.get('redirect_uri') ?? '',
        scope: params.get('scope') ?? '',
      });
      const back = new URL(params.get('redirect_uri') ?? '');
      back.searchParams.set('state', params.get('state') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('scope', params.get('scope') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const form = new URLSearchParams(body);
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
        return send(res, 401, { error: 'invalid_client', error_description: 'Unauthorized' });
      }
      const grantType = form.get('grant_type');
      if (grantType === 'authorization_code') {
        fake.hits.authorization_code++;
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        const verifier = form.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (!grant || grant.challenge !== challenge || grant.redirectUri !== form.get('redirect_uri')) {
          return oauthError(res, 'invalid_grant', 'Bad Request');
        }
        const refreshToken = `1//0g${randomBytes(32).toString('base64url')}`;
        refreshTokens.set(refreshToken, { email: grant.email, scope: grant.scope });
        account(grant.email);
        return send(res, 200, {
          access_token: issueAccess(grant.email),
          expires_in: 3599,
          refresh_token: refreshToken,
          scope: grant.scope,
          token_type: 'Bearer',
          id_token: idToken(grant.email),
        });
      }
      if (grantType === 'refresh_token') {
        fake.hits.refresh_token++;
        const grant = refreshTokens.get(form.get('refresh_token') ?? '');
        if (!grant) return oauthError(res, 'invalid_grant', 'Token has been expired or revoked.');
        return send(res, 200, {
          access_token: issueAccess(grant.email),
          expires_in: 3599,
          scope: grant.scope,
          token_type: 'Bearer',
        });
      }
      return oauthError(res, 'unsupported_grant_type', `Invalid grant_type: ${grantType}`);
    }
    if (req.method === 'POST' && url.pathname === '/revoke') {
      fake.hits.revoke++;
      const token = url.searchParams.get('token') ?? new URLSearchParams(body).get('token') ?? '';
      if (fake.failRevoke) return oauthError(res, 'invalid_request', 'Bad Request');
      const grant = refreshTokens.get(token);
      if (!grant && !accessTokens.has(token)) return oauthError(res, 'invalid_token', 'Token expired or revoked');
      fake.revokeAll(grant?.email ?? accessTokens.get(token)!);
      return send(res, 200, {});
    }
    if (req.method === 'GET' && url.pathname === '/v1/userinfo') {
      const email = bearer(req);
      if (!email) return send(res, 401, { error: 'invalid_request', error_description: 'Invalid Credentials' });
      return send(res, 200, { sub: email, email, email_verified: true });
    }
    if (url.pathname.startsWith('/calendar/v3/')) {
      const email = bearer(req);
      if (!email) return calendarError(res, 401, 'authError', 'Invalid Credentials');
      const owner = account(email);
      if (req.method === 'POST' && url.pathname === '/calendar/v3/freeBusy') {
        fake.hits.freeBusy++;
        const query = JSON.parse(body) as { timeMin: string; timeMax: string; items: Array<{ id: string }> };
        const min = Date.parse(query.timeMin);
        const max = Date.parse(query.timeMax);
        const busy = [
          ...owner.busy,
          ...owner.events.map((event) => ({ start: event.start.dateTime, end: event.end.dateTime })),
        ]
          .filter((period) => Date.parse(period.end) > min && Date.parse(period.start) < max)
          .map((period) => ({
            start: new Date(Date.parse(period.start)).toISOString(),
            end: new Date(Date.parse(period.end)).toISOString(),
          }))
          .sort((a, b) => a.start.localeCompare(b.start));
        const calendars = Object.fromEntries(query.items.map((item) => [item.id, { busy }]));
        return send(res, 200, { kind: 'calendar#freeBusy', timeMin: query.timeMin, timeMax: query.timeMax, calendars });
      }
      const events = url.pathname.match(/^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/);
      if (events && req.method === 'POST' && !events[2]) {
        fake.hits.insert++;
        if (fake.failNextInsert) {
          fake.failNextInsert = false;
          return calendarError(res, 500, 'backendError', 'Backend Error');
        }
        const input = JSON.parse(body) as Record<string, unknown> & {
          start: { dateTime: string };
          end: { dateTime: string };
        };
        const id = randomBytes(13).toString('hex');
        const now = new Date().toISOString();
        const event = {
          kind: 'calendar#event',
          etag: `"${Date.now()}"`,
          id,
          status: 'confirmed',
          htmlLink: `https://www.google.com/calendar/event?eid=${id}`,
          created: now,
          updated: now,
          creator: { email, self: true },
          organizer: { email, self: true },
          iCalUID: `${id}@google.com`,
          sequence: 0,
          reminders: { useDefault: true },
          eventType: 'default',
          ...input,
        };
        owner.events.push(event);
        return send(res, 200, event);
      }
      if (events?.[2] && req.method === 'DELETE') {
        const index = owner.events.findIndex((event) => event.id === events[2]);
        if (index < 0) return calendarError(res, 404, 'notFound', 'Not Found');
        owner.events.splice(index, 1);
        res.writeHead(204);
        return res.end();
      }
    }
    send(res, 404, { error: { code: 404, message: 'Not Found' } });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return Object.assign(fake, {
    url,
    rootUrl: `${url}/`,
    endpoints: {
      authUrl: `${url}/o/oauth2/v2/auth`,
      tokenUrl: `${url}/token`,
      revokeUrl: `${url}/revoke`,
      userinfoUrl: `${url}/v1/userinfo`,
    },
  });
}
