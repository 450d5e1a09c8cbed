import { createPublicKey } from 'node:crypto';
import { createApiKeyAuth, parseApiKeysEnv, readNuvatraEnv } from '@nuvatra/core';

// One check per concern, each on the raw variables so one bad value does not hide the others. Where core already
// validates a variable, its own message is used: `readNuvatraEnv` is run on that variable alone.

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  name: string;
  status: CheckStatus;
  message: string;
  /** What to do about a failure or a warning. */
  fix?: string;
}

export type Variables = Record<string, string | undefined>;

export const variable = (env: Variables, name: string) => (env[name]?.trim() ? env[name]?.trim() : undefined);

/** Core's complaint about these variables, read on their own; null when core accepts them. */
export function coreComplaint(variables: Variables): string | null {
  try {
    readNuvatraEnv(variables);
    return null;
  } catch (error) {
    return (error as Error).message.replace(/^Invalid configuration:\s*/, '').replace(/\n\s*/g, '; ');
  }
}

const check = (name: string, status: CheckStatus, message: string, fix?: string): Check => ({
  name,
  status,
  message,
  ...(fix ? { fix } : {}),
});

export function publicBaseUrlCheck(env: Variables, production: boolean, providersConfigured: boolean): Check {
  const name = 'PUBLIC_BASE_URL';
  const value = variable(env, name);
  if (!value) {
    if (!providersConfigured) return check(name, 'skip', 'not set; only provider webhooks need it');
    return production
      ? check(
          name,
          'fail',
          'not set, but Twilio/Vapi/Clerk webhooks are configured',
          'set it to the https URL providers call',
        )
      : check(
          name,
          'warn',
          'not set: the example uses http://localhost:$PORT, which providers cannot reach',
          'use a tunnel’s https URL for real provider traffic',
        );
  }
  const complaint = coreComplaint({ [name]: value });
  if (complaint) return check(name, 'fail', complaint, 'an absolute URL such as https://voice.example.com');
  const url = new URL(value);
  if (url.pathname.replace(/\/$/, '') !== '' || url.search || url.hash) {
    return check(
      name,
      'fail',
      `${value} has a path, query or fragment; webhook signatures are checked against PUBLIC_BASE_URL + the route path`,
      `use the origin only: ${url.origin}`,
    );
  }
  const local = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/.test(url.hostname);
  if (production && url.protocol !== 'https:') {
    return check(name, 'fail', `${value} is not https in production`, 'serve it over https');
  }
  if (local || url.protocol !== 'https:') {
    return check(
      name,
      'warn',
      `${value}: ${local ? 'localhost' : 'plain http'}; Twilio, Vapi and Clerk cannot call it`,
      'use an https tunnel for real provider traffic',
    );
  }
  return check(name, 'ok', value);
}

export function twilioCheck(env: Variables): Check {
  const sid = variable(env, 'TWILIO_ACCOUNT_SID');
  const token = variable(env, 'TWILIO_AUTH_TOKEN');
  if (!sid && !token) return check('Twilio', 'skip', 'not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)');
  const complaint = coreComplaint({ TWILIO_ACCOUNT_SID: sid, TWILIO_AUTH_TOKEN: token });
  if (complaint)
    return check(
      'Twilio',
      'fail',
      complaint,
      'both from the Twilio console (Account info): the AC… account SID and its auth token',
    );
  return check('Twilio', 'ok', `account ${sid}, auth token set`);
}

export function vapiCheck(env: Variables): Check {
  const secret = variable(env, 'VAPI_SERVER_SECRET');
  const apiKey = variable(env, 'VAPI_API_KEY');
  if (!secret && !apiKey) return check('Vapi', 'skip', 'not configured (VAPI_SERVER_SECRET, VAPI_API_KEY)');
  const complaint = coreComplaint({ VAPI_SERVER_SECRET: secret, VAPI_API_KEY: apiKey });
  if (complaint) return check('Vapi', 'fail', complaint, 'set VAPI_SERVER_SECRET too');
  if (secret && secret.length < 16) {
    return check('Vapi', 'fail', 'VAPI_SERVER_SECRET must be at least 16 characters', 'openssl rand -hex 32');
  }
  if (!apiKey) {
    return check(
      'Vapi',
      'warn',
      'VAPI_SERVER_SECRET set, VAPI_API_KEY not: Twilio calls are not handed to Vapi',
      'set VAPI_API_KEY (private key, Vapi dashboard)',
    );
  }
  return check('Vapi', 'ok', 'server secret and API key set');
}

export function secretKeyCheck(env: Variables, production: boolean): Check {
  const name = 'NUVATRA_SECRET_KEY';
  const value = variable(env, name);
  if (!value) {
    return production
      ? check(name, 'fail', 'not set; production does not generate one', 'openssl rand -base64 32')
      : check(
          name,
          'warn',
          'not set: development generates one into the data directory',
          'openssl rand -base64 32 for production',
        );
  }
  const complaint = coreComplaint({ [name]: value });
  return complaint ? check(name, 'fail', complaint, 'openssl rand -base64 32') : check(name, 'ok', '32-byte key set');
}

/** Who can sign in: Clerk, API keys, or else development sign-in (refused in production). */
export function authChecks(env: Variables, production: boolean): Check[] {
  const checks: Check[] = [];
  const secretKey = variable(env, 'CLERK_SECRET_KEY');
  const jwtKey = variable(env, 'CLERK_JWT_KEY');
  const apiKeys = variable(env, 'NUVATRA_API_KEYS');
  if (secretKey) {
    checks.push(
      /^sk_[a-z]+_\S+$/.test(secretKey)
        ? check(
            'CLERK_SECRET_KEY',
            production && secretKey.startsWith('sk_test_') ? 'warn' : 'ok',
            secretKey.startsWith('sk_test_') ? 'a development instance key (sk_test_…)' : 'set',
          )
        : check(
            'CLERK_SECRET_KEY',
            'fail',
            'does not start with "sk_" ("pk_" is the publishable key)',
            'copy the secret key from Clerk’s dashboard (API keys)',
          ),
    );
  }
  if (jwtKey) {
    checks.push(
      isPublicKeyPem(jwtKey)
        ? check('CLERK_JWT_KEY', 'ok', 'a PEM public key')
        : check(
            'CLERK_JWT_KEY',
            'fail',
            'is not a PEM public key (-----BEGIN PUBLIC KEY-----…)',
            'Clerk dashboard → API keys → Show JWT public key → PEM',
          ),
    );
  }
  if (apiKeys) {
    try {
      const keys = parseApiKeysEnv(apiKeys);
      createApiKeyAuth({ keys });
      checks.push(check('NUVATRA_API_KEYS', 'ok', `${keys.length} key${keys.length === 1 ? '' : 's'}`));
    } catch (error) {
      checks.push(
        check(
          'NUVATRA_API_KEYS',
          'fail',
          (error as Error).message,
          'comma-separated key:principal[:tenant-slug] entries',
        ),
      );
    }
  }
  const webhookSecret = variable(env, 'CLERK_WEBHOOK_SIGNING_SECRET');
  if (webhookSecret && !webhookSecret.startsWith('whsec_')) {
    checks.push(
      check(
        'CLERK_WEBHOOK_SIGNING_SECRET',
        'fail',
        'does not start with "whsec_"',
        'the endpoint’s signing secret in Clerk’s dashboard (Webhooks)',
      ),
    );
  } else if (webhookSecret) {
    checks.push(check('CLERK_WEBHOOK_SIGNING_SECRET', 'ok', 'set'));
  }
  if (!secretKey && !jwtKey && !apiKeys) {
    checks.push(
      production
        ? check(
            'Auth',
            'fail',
            'no CLERK_* keys or NUVATRA_API_KEYS, and development sign-in refuses NODE_ENV=production',
            'set CLERK_SECRET_KEY / CLERK_JWT_KEY, or NUVATRA_API_KEYS',
          )
        : check(
            'Auth',
            'warn',
            'no CLERK_* keys or NUVATRA_API_KEYS: development sign-in (Bearer dev:<user>) is on',
            'set CLERK_SECRET_KEY / CLERK_JWT_KEY, or NUVATRA_API_KEYS',
          ),
    );
  }
  return checks;
}

function isPublicKeyPem(value: string): boolean {
  const pem = value.replace(/\\n/g, '\n').trim();
  if (!/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/.test(pem)) return false;
  try {
    return createPublicKey(pem).type === 'public';
  } catch {
    return false;
  }
}

/** Variables core reads that no other check covers, each reported only when set. */
export function otherVariableChecks(env: Variables): Check[] {
  return ['PORT', 'NUVATRA_DATABASE_PER_TENANT', 'FRONTEND_URL', 'NODE_ENV']
    .filter((name) => variable(env, name))
    .map((name) => {
      const complaint = coreComplaint({ [name]: variable(env, name) });
      return complaint ? check(name, 'fail', complaint) : check(name, 'ok', String(variable(env, name)));
    });
}
