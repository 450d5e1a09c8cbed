import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDevelopmentProviders } from '../src/index.js';
import { freshDatabase, missingDatabaseUrl } from './postgres.js';
import { cli, temporaryDirectory } from './run.js';

interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  message: string;
}

const statusOf = (checks: DoctorCheck[], name: string) => checks.find((check) => check.name === name)?.status;

function goodProduction(dataDir: string): Record<string, string> {
  const { twilio } = createDevelopmentProviders();
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    NODE_ENV: 'production',
    NUVATRA_DATA_DIR: dataDir,
    PUBLIC_BASE_URL: 'https://voice.example.com',
    NUVATRA_SECRET_KEY: randomBytes(32).toString('base64'),
    NUVATRA_API_KEYS: 'nvk_ops_0123456789abcdefghij:ops-script:bright-smiles',
    // Generated per run; shaped only as far as the doctor looks (the sk_ prefix), never like a real key.
    CLERK_SECRET_KEY: `sk_${'x'.repeat(4)}_${randomBytes(12).toString('hex')}`,
    CLERK_JWT_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString().replace(/\n/g, '\\n'),
    CLERK_WEBHOOK_SIGNING_SECRET: createDevelopmentProviders().clerk.webhookSigningSecret,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    VAPI_SERVER_SECRET: randomBytes(24).toString('hex'),
    VAPI_API_KEY: 'vapi-private-key',
  };
}

describe('nuvatra doctor', () => {
  it('passes a complete production configuration, every check ✓, exit 0, no secret printed', async () => {
    const dataDir = temporaryDirectory();
    await cli(['migrate'], { NUVATRA_DATA_DIR: dataDir });
    const env = goodProduction(dataDir);
    const run = await cli(['doctor'], env);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nuvatra doctor: multi-tenant mode, NODE_ENV production');
    expect(run.stdout).toContain('✓ Database: sqlite (shared file)');
    expect(run.stdout).toMatch(/No problems, 0 warnings\.\n$/);
    expect(run.stdout).not.toMatch(/^[✗!]/m);
    for (const secret of [
      'NUVATRA_SECRET_KEY',
      'CLERK_SECRET_KEY',
      'TWILIO_AUTH_TOKEN',
      'VAPI_SERVER_SECRET',
      'NUVATRA_API_KEYS',
    ]) {
      expect(run.stdout).not.toContain(env[secret]);
    }
  });

  it('reports each missing or invalid variable with what to fix, and exits 1', async () => {
    const dataDir = temporaryDirectory();
    await cli(['migrate'], { NUVATRA_DATA_DIR: dataDir });
    const env = {
      ...goodProduction(dataDir),
      NUVATRA_SECRET_KEY: 'c2hvcnQ=',
      PUBLIC_BASE_URL: 'http://voice.example.com/api',
      TWILIO_AUTH_TOKEN: '',
      CLERK_SECRET_KEY: 'pk_live_publishable',
      CLERK_JWT_KEY: '-----BEGIN PUBLIC KEY-----\\nnot a key\\n-----END PUBLIC KEY-----',
      NUVATRA_API_KEYS: 'only-a-key',
      VAPI_SERVER_SECRET: 'short',
    };
    const run = await cli(['doctor'], env);
    const json = await cli(['doctor', '--json'], env);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ NUVATRA_SECRET_KEY: must be 32 bytes in base64 (openssl rand -base64 32)');
    expect(run.stdout).toContain('✗ PUBLIC_BASE_URL: http://voice.example.com/api has a path');
    expect(run.stdout).toContain('✗ Twilio: TWILIO_ACCOUNT_SID is set without TWILIO_AUTH_TOKEN; set both or neither.');
    expect(run.stdout).toContain('✗ CLERK_SECRET_KEY: does not start with "sk_"');
    expect(run.stdout).toContain('✗ CLERK_JWT_KEY: is not a PEM public key');
    expect(run.stdout).toContain('✗ NUVATRA_API_KEYS: entry 1 must be "key:principal"');
    expect(run.stdout).toContain('✗ Vapi: VAPI_SERVER_SECRET must be at least 16 characters');
    expect(run.stdout).toContain('    fix: openssl rand -base64 32');
    expect(run.stdout).toMatch(/7 problems, 0 warnings\.\n$/);
    expect(json.code).toBe(1);
    expect(json.json()).toMatchObject({ command: 'doctor', ok: false, problems: 7 });
  });

  it('in development, warns that development sign-in is on and a secret key is generated, and passes', async () => {
    const run = await cli(['doctor', '--json'], { NUVATRA_DATA_DIR: temporaryDirectory() });
    const result = run.json() as { checks: DoctorCheck[]; problems: number };

    expect(run.code).toBe(0);
    expect(result.problems).toBe(0);
    expect(statusOf(result.checks, 'Auth')).toBe('warn');
    expect(result.checks.find((check) => check.name === 'Auth')?.message).toContain('development sign-in');
    expect(statusOf(result.checks, 'NUVATRA_SECRET_KEY')).toBe('warn');
    expect(statusOf(result.checks, 'Twilio')).toBe('skip');
    expect(statusOf(result.checks, 'Database')).toBe('warn');
  });

  it('fails development sign-in and a missing secret key under NODE_ENV=production', async () => {
    const run = await cli(['doctor', '--json'], { NODE_ENV: 'production', NUVATRA_DATA_DIR: temporaryDirectory() });
    const result = run.json() as { checks: DoctorCheck[] };

    expect(run.code).toBe(1);
    expect(statusOf(result.checks, 'Auth')).toBe('fail');
    expect(statusOf(result.checks, 'NUVATRA_SECRET_KEY')).toBe('fail');
  });

  it('warns about a localhost PUBLIC_BASE_URL in development, which providers cannot call', async () => {
    const run = await cli(['doctor'], {
      PUBLIC_BASE_URL: 'http://localhost:3000',
      NUVATRA_DATA_DIR: temporaryDirectory(),
    });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '! PUBLIC_BASE_URL: http://localhost:3000: localhost; Twilio, Vapi and Clerk cannot call it',
    );
  });

  describe('with DATABASE_URL', () => {
    const password = `pw-${randomBytes(6).toString('hex')}`;
    const database = freshDatabase(password);

    it('connects without migrating: not migrated yet (!), then after nuvatra migrate reachable and migrated (✓)', async () => {
      const env = { DATABASE_URL: database.url };
      const before = await cli(['doctor'], env);
      const migrated = await cli(['migrate'], env);
      const after = await cli(['doctor'], env);
      const json = await cli(['doctor', '--json'], env);
      const shown = `postgres (shared schema) at postgres://postgres:***@127.0.0.1:5432/${database.name}`;

      expect(before.code).toBe(0);
      expect(before.stdout).toContain(`! Database: ${shown}: reachable, not migrated yet\n    fix: nuvatra migrate`);
      expect(migrated.code).toBe(0);
      expect(after.code).toBe(0);
      expect(after.stdout).toContain(`✓ Database: ${shown}: reachable, migrations applied\n`);
      expect(statusOf((json.json() as { checks: DoctorCheck[] }).checks, 'Database')).toBe('ok');
      for (const run of [before, after, json]) expect(run.stdout + run.stderr).not.toContain(password);
    });

    it('a database that does not exist is a problem (✗) naming it and what to fix, exit 1, no password', async () => {
      const url = missingDatabaseUrl(password);
      const missing = new URL(url).pathname.slice(1);
      const run = await cli(['doctor'], { DATABASE_URL: url });

      expect(run.code).toBe(1);
      expect(run.stdout).toContain(
        `✗ Database: postgres (shared schema) at postgres://postgres:***@127.0.0.1:5432/${missing}: database "${missing}" does not exist on 127.0.0.1:5432\n` +
          `    fix: create it (CREATE DATABASE "${missing}", or createdb), or correct the database name in DATABASE_URL\n`,
      );
      expect(run.stdout).toMatch(/1 problem, \d+ warnings?\.\n$/);
      expect(run.stdout + run.stderr).not.toContain(password);
    });

    it('a port nothing listens on is a problem (✗): PostgreSQL cannot be reached there', async () => {
      const run = await cli(['doctor', '--json'], {
        DATABASE_URL: `postgres://postgres:${password}@127.0.0.1:1/nuvatra`,
      });
      const check = (run.json() as { checks: DoctorCheck[] }).checks.find((item) => item.name === 'Database');

      expect(run.code).toBe(1);
      expect(check).toMatchObject({
        status: 'fail',
        message:
          'postgres (shared schema) at postgres://postgres:***@127.0.0.1:1/nuvatra: cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED)',
      });
      expect(run.stdout).not.toContain(password);
    });
  });

  describe('in single-tenant mode', () => {
    const config = {
      tenant: { name: 'Solo Physio' },
      config: { businessProfile: { name: 'Solo Physio' }, timezone: 'Europe/London' },
      phoneNumbers: [{ number: '+442071234567', kind: 'owned' }],
    };

    it('passes when clients/<CLIENT_ID>/config.json parses', async () => {
      const cwd = temporaryDirectory();
      mkdirSync(join(cwd, 'clients', 'solo-physio'), { recursive: true });
      writeFileSync(join(cwd, 'clients', 'solo-physio', 'config.json'), JSON.stringify(config));
      const run = await cli(
        ['doctor'],
        { CLIENT_ID: 'solo-physio', NUVATRA_API_KEYS: 'nvk_solo_0123456789abcdefghij:ops:solo-physio' },
        cwd,
      );

      expect(run.code).toBe(0);
      expect(run.stdout).toContain('single-tenant mode');
      expect(run.stdout).toContain('✓ Client config: clients/solo-physio/config.json: Solo Physio, 1 number');
    });

    it('fails a missing CLIENT_ID, and a config file core does not accept, naming the field', async () => {
      const cwd = temporaryDirectory();
      mkdirSync(join(cwd, 'clients', 'solo-physio'), { recursive: true });
      writeFileSync(
        join(cwd, 'clients', 'solo-physio', 'config.json'),
        JSON.stringify({ ...config, config: { ...config.config, timezone: 'Mars/Olympus' } }),
      );
      const missing = await cli(['doctor', '--mode', 'single'], {}, cwd);
      const invalid = await cli(['doctor'], { CLIENT_ID: 'solo-physio' }, cwd);

      expect(missing.code).toBe(1);
      expect(missing.stdout).toContain('✗ CLIENT_ID: not set');
      expect(invalid.code).toBe(1);
      expect(invalid.stdout).toContain('✗ Client config: clients/solo-physio/config.json is not a valid client config');
      expect(invalid.stdout).toContain('config.timezone: must be an IANA time zone');
    });
  });
});
