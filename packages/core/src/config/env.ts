import { z } from 'zod';
import { parseApiKeysEnv } from '../auth/api-key.js';
import { fromBase64 } from '../crypto/encoding.js';
import { NuvatraError } from '../errors/errors.js';
import { tenantSlugSchema } from '../schemas/tenant.js';

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const envSchema = z.object({
  NODE_ENV: optionalText,
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .transform((value) => value?.replace(/\/$/, '')),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  NUVATRA_DATA_DIR: z.string().min(1).default('./data'),
  NUVATRA_DATABASE_PER_TENANT: z
    .enum(['0', '1'])
    .default('0')
    .transform((value) => value === '1'),
  NUVATRA_SECRET_KEY: optionalText.refine(
    (value) => value === undefined || fromBase64(value)?.length === 32,
    'must be 32 bytes in base64 (openssl rand -base64 32)',
  ),
  CLIENT_ID: tenantSlugSchema.optional(),
  ADMIN_USER_IDS: optionalText,
  ADMIN_CLERK_USER_IDS: optionalText,
  NUVATRA_API_KEYS: optionalText,
  FRONTEND_URL: optionalText,
  CLERK_TENANT_CLAIM: optionalText,
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-f]{32}$/, 'must be a Twilio account SID (AC followed by 32 hex digits)')
    .optional(),
  TWILIO_AUTH_TOKEN: optionalText,
  VAPI_API_KEY: optionalText,
  VAPI_SERVER_SECRET: optionalText,
});

export interface NuvatraEnv {
  nodeEnv: string | undefined;
  port: number;
  publicBaseUrl: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  databasePerTenant: boolean;
  secretKey: string | undefined;
  /** Single-tenant mode: the tenant's slug. */
  clientId: string | undefined;
  adminUserIds: string[];
  apiKeys: ReturnType<typeof parseApiKeysEnv>;
  frontendUrls: string[];
  tenantClaim: string | undefined;
  twilio: { accountSid: string; authToken: string } | undefined;
  vapi: { apiKey: string | undefined; serverSecret: string } | undefined;
}

/**
 * Reads the configuration names every example, CLI and doc uses (see docs/configuration). Pass `process.env`.
 * A bad value throws CONFIG_INVALID naming the variable and what it must be.
 */
export function readNuvatraEnv(env: Record<string, string | undefined>): NuvatraEnv {
  // An empty variable (`FOO=`) means unset, as in most deployment tools.
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const result = envSchema.safeParse(set);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new NuvatraError({
      code: 'CONFIG_INVALID',
      message: `Invalid configuration:\n  ${lines.join('\n  ')}`,
      cause: result.error,
    });
  }
  const values = result.data;
  const frontendUrls = list(values.FRONTEND_URL);
  for (const url of frontendUrls) {
    if (!URL.canParse(url)) {
      throw new NuvatraError({ code: 'CONFIG_INVALID', message: `FRONTEND_URL: "${url}" is not a URL.` });
    }
  }
  return {
    nodeEnv: values.NODE_ENV,
    port: values.PORT,
    publicBaseUrl: values.PUBLIC_BASE_URL,
    databaseUrl: values.DATABASE_URL,
    dataDir: values.NUVATRA_DATA_DIR,
    databasePerTenant: values.NUVATRA_DATABASE_PER_TENANT,
    secretKey: values.NUVATRA_SECRET_KEY,
    clientId: values.CLIENT_ID,
    adminUserIds: [...new Set([...list(values.ADMIN_USER_IDS), ...list(values.ADMIN_CLERK_USER_IDS)])],
    apiKeys: values.NUVATRA_API_KEYS ? parseApiKeysEnv(values.NUVATRA_API_KEYS) : [],
    frontendUrls,
    tenantClaim: values.CLERK_TENANT_CLAIM,
    twilio: pair(
      'TWILIO_ACCOUNT_SID',
      values.TWILIO_ACCOUNT_SID,
      'TWILIO_AUTH_TOKEN',
      values.TWILIO_AUTH_TOKEN,
      (accountSid, authToken) => ({ accountSid, authToken }),
    ),
    vapi: values.VAPI_SERVER_SECRET
      ? { apiKey: values.VAPI_API_KEY, serverSecret: values.VAPI_SERVER_SECRET }
      : values.VAPI_API_KEY
        ? configError(
            "VAPI_API_KEY is set without VAPI_SERVER_SECRET: Vapi's messages to this server could not be authenticated.",
          )
        : undefined,
  };
}

function configError(message: string): never {
  throw new NuvatraError({ code: 'CONFIG_INVALID', message });
}

/** Two variables that only make sense together: both or neither. */
function pair<T>(
  nameA: string,
  a: string | undefined,
  nameB: string,
  b: string | undefined,
  make: (a: string, b: string) => T,
): T | undefined {
  if (a && b) return make(a, b);
  if (a || b) configError(`${a ? nameA : nameB} is set without ${a ? nameB : nameA}; set both or neither.`);
  return undefined;
}
