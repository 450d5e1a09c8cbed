import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library';
import { z } from 'zod';
import { googleError } from './errors.js';
import type { GoogleConnectionConfig } from './options.js';

/** What Google answered a code exchange or a refresh with, as we keep it. */
export interface GoogleTokens {
  accessToken: string;
  refreshToken: string | null;
  /** Epoch milliseconds. */
  expiresAt: number;
  scopes: string[];
  idToken: string | null;
}

const tokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expiry_date: z.number().nullish(),
  scope: z.string().nullish(),
  id_token: z.string().nullish(),
});

/**
 * Google's OAuth endpoints through its official client (`google-auth-library`): consent URL with PKCE, code
 * exchange, refresh, revoke. A fresh client per call, so no tenant's credentials linger on a shared object.
 */
export function createGoogleOAuth(config: GoogleConnectionConfig) {
  const client = () =>
    new OAuth2Client({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redirectUri: config.redirectUri,
      endpoints: {
        oauth2AuthBaseUrl: config.endpoints.authUrl,
        oauth2TokenUrl: config.endpoints.tokenUrl,
        oauth2RevokeUrl: config.endpoints.revokeUrl,
      },
    });

  function toTokens(credentials: unknown, now: number): GoogleTokens {
    const parsed = tokenSchema.safeParse(credentials);
    if (!parsed.success) throw googleError('GOOGLE_UNAVAILABLE', 'Google answered with tokens we could not read.');
    const value = parsed.data;
    return {
      accessToken: value.access_token,
      refreshToken: value.refresh_token ?? null,
      // google-auth-library turns `expires_in` into a date on the system clock; the lifetime is kept on ours. Without
      // one, the token counts as expiring now, so it is refreshed before its next use.
      expiresAt: value.expiry_date ? now + Math.max(0, value.expiry_date - Date.now()) : now,
      scopes: (value.scope ?? '').split(' ').filter(Boolean),
      idToken: value.id_token ?? null,
    };
  }

  return {
    /** A PKCE pair: the verifier stays with us, the S256 challenge goes to Google. */
    async pkce(): Promise<{ codeVerifier: string; codeChallenge: string }> {
      const { codeVerifier, codeChallenge } = await client().generateCodeVerifierAsync();
      if (!codeChallenge) throw new Error('google-auth-library made no code challenge');
      return { codeVerifier, codeChallenge };
    },

    consentUrl(input: { state: string; codeChallenge: string }): string {
      return client().generateAuthUrl({
        access_type: 'offline',
        // Consent every time: Google sends a refresh token only when the user consents.
        prompt: 'consent',
        include_granted_scopes: true,
        scope: config.scopes,
        state: input.state,
        code_challenge: input.codeChallenge,
        code_challenge_method: CodeChallengeMethod.S256,
      });
    },

    async exchange(code: string, codeVerifier: string): Promise<GoogleTokens> {
      try {
        const { tokens } = await client().getToken({ code, codeVerifier });
        return toTokens(tokens, config.now());
      } catch (error) {
        throw toOAuthError(error, 'exchange');
      }
    },

    async refresh(refreshToken: string): Promise<GoogleTokens> {
      const oauth = client();
      oauth.setCredentials({ refresh_token: refreshToken });
      try {
        const { credentials } = await oauth.refreshAccessToken();
        return toTokens(credentials, config.now());
      } catch (error) {
        throw toOAuthError(error, 'refresh');
      }
    },

    /** Revokes the grant (a refresh token revokes its access tokens too); false when Google refused or failed. */
    async revoke(token: string): Promise<boolean> {
      try {
        await client().revokeToken(token);
        return true;
      } catch {
        return false;
      }
    },

    /** The account's address: from the ID token Google just sent us over TLS, else from the userinfo endpoint. */
    async email(tokens: GoogleTokens): Promise<string | null> {
      const fromIdToken = tokens.idToken ? emailOfIdToken(tokens.idToken, config.clientId) : null;
      if (fromIdToken) return fromIdToken;
      const oauth = client();
      oauth.setCredentials({ access_token: tokens.accessToken });
      try {
        const { data } = await oauth.request<{ email?: unknown }>({ url: config.endpoints.userinfoUrl });
        return typeof data.email === 'string' ? data.email : null;
      } catch {
        return null;
      }
    },
  };
}
export type GoogleOAuth = ReturnType<typeof createGoogleOAuth>;

/**
 * The `email` claim of an ID token received directly from Google's token endpoint. OpenID Connect lets a client
 * skip the signature check for a token it got over TLS from the token endpoint itself; the audience is still checked.
 */
function emailOfIdToken(idToken: string, clientId: string): string | null {
  const payload = idToken.split('.')[1];
  if (!payload) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audience.includes(clientId)) return null;
    return typeof claims.email === 'string' ? claims.email : null;
  } catch {
    return null;
  }
}

/** Google's OAuth error code (`invalid_grant`, …) of a failed request, if it sent one. */
export function oauthErrorOf(error: unknown): string | null {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  if (data && typeof data === 'object' && 'error' in data && typeof data.error === 'string') return data.error;
  return null;
}

/** The error carries no cause: Google's client keeps the request (with secrets) on its errors, and errors get logged. */
function toOAuthError(error: unknown, step: 'exchange' | 'refresh') {
  const code = oauthErrorOf(error);
  if (code === 'invalid_grant') {
    return step === 'exchange'
      ? googleError(
          'OAUTH_CODE_INVALID',
          'Google refused the authorisation code (expired or already used): start connecting again.',
        )
      : googleError(
          'GOOGLE_CONNECTION_BROKEN',
          'Google no longer accepts this connection (access revoked or expired): reconnect the Google account.',
        );
  }
  return googleError(
    'GOOGLE_UNAVAILABLE',
    `Google's token endpoint failed${code ? ` (${code})` : ''}; try again in a moment.`,
  );
}
