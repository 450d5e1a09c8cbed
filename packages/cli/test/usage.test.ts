import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli } from './run.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('the nuvatra command line', () => {
  it('lists every command with --help and exits 0; with no command at all it exits 2', async () => {
    const help = await cli(['--help']);
    const none = await cli([]);

    expect(help.code).toBe(0);
    for (const command of [
      'simulate call',
      'simulate sms',
      'simulate end-of-call',
      'simulate clerk-event',
      'tenants create',
      'tenants list',
      'tenants suspend',
      'tenants reactivate',
      'numbers add',
      'numbers list',
      'admin grant',
      'migrate',
      'doctor',
      'worker',
      'tools urls',
    ]) {
      expect(help.stdout).toContain(`  ${command}  `);
    }
    expect(help.stdout).toContain('Exit codes: 0 ok, 1 the operation failed, 2 a usage or configuration mistake.');
    expect(none.code).toBe(2);
  });

  it('shows each command’s help with its options, before or after the command words', async () => {
    const after = await cli(['simulate', 'end-of-call', '--help']);
    const before = await cli(['--help', 'numbers', 'add']);
    const group = await cli(['tenants', '--help']);

    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^Usage: nuvatra simulate end-of-call \[options\]/);
    expect(after.stdout).toContain('--call-sid <CA…>');
    expect(before.stdout).toContain('--kind <owned|forwarding>');
    expect(group.stdout).toContain('tenants suspend');
  });

  it('prints its version with --version', async () => {
    const text = await cli(['--version']);
    const json = await cli(['--version', '--json']);

    expect(text).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(json.json()).toEqual({ command: 'version', ok: true, version });
  });

  it('exits 2 for an unknown command, an unknown option, a missing option or argument', async () => {
    const unknownCommand = await cli(['deploy']);
    const unknownSub = await cli(['tenants', 'delete', 'acme']);
    const unknownOption = await cli(['simulate', 'call', '--to', '+15550100001', '--colour']);
    const missingOption = await cli(['simulate', 'sms', '--to', '+15550100001']);
    const missingArgument = await cli(['tenants', 'suspend']);

    expect(unknownCommand).toMatchObject({
      code: 2,
      stderr: 'nuvatra deploy: Unknown command "deploy". Run nuvatra --help for the list.\n',
    });
    expect(unknownSub.code).toBe(2);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("Unknown option '--colour'");
    expect(missingOption).toMatchObject({ code: 2, stderr: 'nuvatra simulate sms: --body <text> is required.\n' });
    expect(missingArgument).toMatchObject({ code: 2, stderr: expect.stringContaining('takes <slug>') });
  });

  it('with --json, prints failures as one JSON object on stdout with the error’s code', async () => {
    const run = await cli(['simulate', 'sms', '--to', '+15550100001', '--json']);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('');
    expect(run.json()).toEqual({
      command: 'simulate sms',
      ok: false,
      error: { code: 'USAGE', message: '--body <text> is required.' },
    });
  });
});
