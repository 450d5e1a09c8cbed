import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import { describe, expect, it } from 'vitest';
import { freshDatabase, missingDatabaseUrl } from './postgres.js';
import { cli, temporaryDirectory } from './run.js';

// tenants, numbers, admin and migrate open the storage under NUVATRA_DATA_DIR with the example's layout.

const modes = [
  { mode: 'one shared file', perTenant: '0', file: 'nuvatra.sqlite' },
  { mode: 'a file per tenant', perTenant: '1', file: join('tenants', 'control.sqlite') },
] as const;

describe.each(modes)('with $mode', ({ perTenant, file }) => {
  const setUp = () => {
    const dataDir = temporaryDirectory();
    return { dataDir, env: { NUVATRA_DATA_DIR: dataDir, NUVATRA_DATABASE_PER_TENANT: perTenant } };
  };

  it('tenants create makes the tenant with its config, number and owner, in the example’s file', async () => {
    const { dataDir, env } = setUp();
    const created = await cli(
      [
        'tenants',
        'create',
        '--slug',
        'bright-smiles',
        '--name',
        'Bright Smiles',
        '--timezone',
        'Europe/Lisbon',
        '--owner',
        'alice',
        '--number',
        '+1 555 010 0001',
        '--json',
      ],
      env,
    );

    expect(created.code).toBe(0);
    expect(existsSync(join(dataDir, file))).toBe(true);
    const result = created.json() as { tenant: { id: string; slug: string } };
    expect(result.tenant.slug).toBe('bright-smiles');
    const storage =
      perTenant === '1'
        ? createSqliteStorage({ mode: 'file-per-tenant', directory: join(dataDir, 'tenants') })
        : createSqliteStorage({ mode: 'shared', filename: join(dataDir, 'nuvatra.sqlite') });
    try {
      const stored = await storage.withTenant(result.tenant.id, async (scope) => ({
        config: await scope.config.get(),
        numbers: await scope.phoneNumbers.list(),
        members: await scope.members.list(),
        audit: (await scope.auditEvents.list()).items,
      }));
      expect(stored.config).toMatchObject({ timezone: 'Europe/Lisbon', businessProfile: { name: 'Bright Smiles' } });
      expect(stored.numbers).toEqual([expect.objectContaining({ e164: '+15550100001', kind: 'owned' })]);
      expect(stored.members).toEqual([expect.objectContaining({ userId: 'alice', role: 'owner' })]);
      expect(stored.audit).toEqual([
        expect.objectContaining({ action: 'tenant.created', actor: { type: 'system', id: 'nuvatra-cli' } }),
      ]);
    } finally {
      await storage.close();
    }
  });

  it('tenants create with a number core cannot read exits 1 with core’s message and leaves no tenant', async () => {
    const { env } = setUp();
    const run = await cli(['tenants', 'create', '--slug', 'acme', '--name', 'Acme', '--number', '12345'], env);
    const list = await cli(['tenants', 'list', '--json'], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"12345" is not a phone number; use E.164');
    expect(list.json().tenants).toEqual([]);
  });

  it('tenants list, suspend and reactivate, by slug', async () => {
    const { env } = setUp();
    await cli(['tenants', 'create', '--slug', 'acme', '--name', 'Acme'], env);
    await cli(['tenants', 'create', '--slug', 'zenith', '--name', 'Zenith'], env);
    const suspended = await cli(['tenants', 'suspend', 'acme'], env);
    const listed = await cli(['tenants', 'list'], env);
    const reactivated = await cli(['tenants', 'reactivate', 'acme', '--json'], env);

    expect(suspended).toMatchObject({ code: 0, stdout: 'Tenant acme is suspended.\n' });
    expect(listed.stdout).toMatch(/^2 tenants in sqlite/);
    expect(listed.stdout).toMatch(/\nacme\s+suspended\s+Acme\s+ten_/);
    expect(listed.stdout).toMatch(/\nzenith\s+active\s+Zenith\s+ten_/);
    expect(reactivated.json()).toMatchObject({ ok: true, tenant: { slug: 'acme', status: 'active' } });
  });

  it('numbers add registers owned and forwarding numbers; a number registered twice exits 1', async () => {
    const { env } = setUp();
    await cli(['tenants', 'create', '--slug', 'clinic-a', '--name', 'Clinic A'], env);
    await cli(['tenants', 'create', '--slug', 'clinic-b', '--name', 'Clinic B'], env);
    const owned = await cli(
      ['numbers', 'add', '--tenant', 'clinic-a', '--number', '+15551111111', '--provider', 'twilio'],
      env,
    );
    const forwarding = await cli(
      [
        'numbers',
        'add',
        '--tenant',
        'clinic-b',
        '--number',
        '+15552222222',
        '--kind',
        'forwarding',
        '--label',
        'Front desk',
      ],
      env,
    );
    const again = await cli(['numbers', 'add', '--tenant', 'clinic-b', '--number', '+15551111111'], env);
    const all = await cli(['numbers', 'list', '--json'], env);
    const onlyB = await cli(['numbers', 'list', '--tenant', 'clinic-b'], env);

    expect([owned.code, forwarding.code, again.code]).toEqual([0, 0, 1]);
    expect(again.stderr).toContain('+15551111111 is already registered');
    expect(all.json().phoneNumbers).toEqual([
      expect.objectContaining({ tenant: 'clinic-a', e164: '+15551111111', kind: 'owned', provider: 'twilio' }),
      expect.objectContaining({ tenant: 'clinic-b', e164: '+15552222222', kind: 'forwarding', label: 'Front desk' }),
    ]);
    expect(onlyB.stdout).toMatch(
      /^NUMBER\s+KIND\s+TENANT\s+PROVIDER\s+LABEL\n\+15552222222\s+forwarding\s+clinic-b\s+Front desk\n$/,
    );
  });

  it('admin grant adds a member, changes the role, and says when nothing changes', async () => {
    const { env } = setUp();
    await cli(['tenants', 'create', '--slug', 'acme', '--name', 'Acme'], env);
    const added = await cli(['admin', 'grant', 'user_bob', '--tenant', 'acme'], env);
    const changed = await cli(['admin', 'grant', 'user_bob', '--tenant', 'acme', '--role', 'owner', '--json'], env);
    const same = await cli(['admin', 'grant', 'user_bob', '--tenant', 'acme', '--role', 'owner'], env);

    expect(added.stdout).toBe('user_bob is now admin of acme.\n');
    expect(changed.json()).toMatchObject({ change: 'changed', member: { userId: 'user_bob', role: 'owner' } });
    expect(same.stdout).toBe('user_bob was already owner of acme.\n');
  });

  it('a slug no tenant has exits 1, and a role core does not know exits 2', async () => {
    const { env } = setUp();
    await cli(['tenants', 'create', '--slug', 'acme', '--name', 'Acme'], env);
    const missing = await cli(['numbers', 'add', '--tenant', 'nobody', '--number', '+15551111111', '--json'], env);
    const badRole = await cli(['admin', 'grant', 'user_bob', '--tenant', 'acme', '--role', 'superuser'], env);

    expect(missing.code).toBe(1);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: 'TENANT_NOT_FOUND' } });
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of owner, admin, member; got "superuser"');
  });

  it('migrate creates the storage in NUVATRA_DATA_DIR and can run again', async () => {
    const { dataDir, env } = setUp();
    const first = await cli(['migrate'], env);
    const second = await cli(['migrate', '--json'], env);

    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Storage is up to date: sqlite`);
    expect(existsSync(join(dataDir, file))).toBe(true);
    expect(second.json()).toMatchObject({ ok: true, driver: expect.stringContaining('sqlite') });
  });
});

describe('storage commands', () => {
  it('read NUVATRA_DATA_DIR relative to the working directory, defaulting to ./data', async () => {
    const cwd = temporaryDirectory();
    const run = await cli(['migrate'], {}, cwd);

    expect(run.code).toBe(0);
    expect(existsSync(join(cwd, 'data', 'nuvatra.sqlite'))).toBe(true);
  });

  it('exit 2 with core’s message when a variable is invalid', async () => {
    const run = await cli(['tenants', 'list'], { NUVATRA_DATABASE_PER_TENANT: 'yes' });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('NUVATRA_DATABASE_PER_TENANT');
  });
});

describe('on Postgres, with DATABASE_URL set', () => {
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const database = freshDatabase(password);

  it('tenants create, numbers add, tenants list and admin grant work, and the password is never printed', async () => {
    const env = { DATABASE_URL: database.url };
    const created = await cli(
      ['tenants', 'create', '--slug', 'bright-smiles', '--name', 'Bright Smiles', '--owner', 'alice', '--json'],
      env,
    );
    const added = await cli(['numbers', 'add', '--tenant', 'bright-smiles', '--number', '+1 555 010 0001'], env);
    const listed = await cli(['tenants', 'list', '--json'], env);
    const listedForPeople = await cli(['tenants', 'list'], env);
    const granted = await cli(['admin', 'grant', 'user_bob', '--tenant', 'bright-smiles', '--role', 'member'], env);
    const numbers = await cli(['numbers', 'list', '--tenant', 'bright-smiles', '--json'], env);

    expect([created.code, added.code, listed.code, granted.code, numbers.code]).toEqual([0, 0, 0, 0, 0]);
    expect(created.json()).toMatchObject({ ok: true, tenant: { slug: 'bright-smiles' }, owner: 'alice' });
    expect(listed.json().tenants).toEqual([expect.objectContaining({ slug: 'bright-smiles', status: 'active' })]);
    expect(listedForPeople.stdout).toContain(
      `1 tenant in postgres (shared schema) at postgres://postgres:***@127.0.0.1:5432/${database.name}:`,
    );
    expect(granted.stdout).toBe('user_bob is now member of bright-smiles.\n');
    expect(numbers.json().phoneNumbers).toEqual([
      expect.objectContaining({ tenant: 'bright-smiles', e164: '+15550100001', kind: 'owned' }),
    ]);
    for (const run of [created, added, listed, listedForPeople, granted, numbers]) {
      expect(run.stdout + run.stderr).not.toContain(password);
    }
  });

  it('a database that does not exist exits 1 saying so and what to fix, without a stack trace or the password', async () => {
    const env = { DATABASE_URL: missingDatabaseUrl(password) };
    const run = await cli(['tenants', 'list'], env);
    const json = await cli(['tenants', 'list', '--json'], env);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^nuvatra tenants list: postgres \(shared schema\) at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/nvt_cli_missing_\w+: database "nvt_cli_missing_\w+" does not exist on 127\.0\.0\.1:5432\. Fix: create it .* or correct the database name in DATABASE_URL\.\n$/,
    );
    expect(run.stderr).not.toContain(password);
    expect(json.code).toBe(1);
    expect(json.json()).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE' } });
    expect(json.stdout).not.toContain(password);
  });
});
