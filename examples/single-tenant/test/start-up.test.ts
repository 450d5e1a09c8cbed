import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createDeployment, readTemplate } from './client-folder.js';

// main.ts as `pnpm start:single` runs it: a Node process of its own, through tsx, with only environment variables.

const exampleDirectory = fileURLToPath(new URL('..', import.meta.url));

function startMain(variables: Record<string, string>): ChildProcess {
  // Not the test's PORT, CLIENT_ID or NUVATRA_*: the child sees only what the test sets.
  const { PATH, HOME, SystemRoot } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@nuvatra/source', 'src/main.ts'], {
    cwd: exampleDirectory,
    env: { PATH, HOME, SystemRoot, PORT: '0', ...variables },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill();
  });
  return child;
}

/** Runs main.ts to its end; answers its exit code and what it wrote to stderr. */
async function runMain(variables: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = startMain(variables);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

describe('starting the single-tenant example (src/main.ts)', () => {
  it('exits with 1 and names CLIENT_ID and the client folders when CLIENT_ID is not set', async () => {
    const deployment = createDeployment();
    deployment.writeClient('example-clinic', readTemplate());
    const { code, stderr } = await runMain({ NUVATRA_CLIENTS_DIR: deployment.clientsDirectory });
    expect(code).toBe(1);
    expect(stderr).toContain('CLIENT_ID is not set');
    expect(stderr).toContain('(there: example-clinic)');
  });

  it('exits with 1 naming the file and the field when the config file is invalid', async () => {
    const deployment = createDeployment();
    const template = readTemplate();
    const path = deployment.writeClient('example-clinic', {
      ...template,
      config: { ...template.config, timezone: 'Central Time' },
    });
    const { code, stderr } = await runMain({
      CLIENT_ID: 'example-clinic',
      NUVATRA_CLIENTS_DIR: deployment.clientsDirectory,
      NUVATRA_DATA_DIR: deployment.dataDirectory,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`${path} is not a valid client config`);
    expect(stderr).toContain('config.timezone: must be an IANA time zone');
  });

  it('exits with 1 naming the file when it is not JSON, or a phone number cannot be read', async () => {
    const deployment = createDeployment();
    const broken = deployment.writeClient('broken', '{ "tenant": ');
    const template = readTemplate();
    const badNumber = deployment.writeClient('bad-number', {
      ...template,
      phoneNumbers: [{ number: '555-CALL-NOW', kind: 'owned' }],
    });
    const variables = { NUVATRA_CLIENTS_DIR: deployment.clientsDirectory, NUVATRA_DATA_DIR: deployment.dataDirectory };
    const [notJson, number] = await Promise.all([
      runMain({ ...variables, CLIENT_ID: 'broken' }),
      runMain({ ...variables, CLIENT_ID: 'bad-number' }),
    ]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain(`${broken} is not valid JSON`);
    expect(number.code).toBe(1);
    expect(number.stderr).toContain(badNumber);
    expect(number.stderr).toContain('phoneNumbers.0.number: "555-CALL-NOW" is not a phone number');
  });

  it('prints which client it serves, where its data is, and how to call it', async () => {
    const deployment = createDeployment();
    const path = deployment.writeClient('example-clinic', readTemplate());
    const child = startMain({
      CLIENT_ID: 'example-clinic',
      NUVATRA_CLIENTS_DIR: deployment.clientsDirectory,
      NUVATRA_DATA_DIR: deployment.dataDirectory,
    });
    let stdout = '';
    child.stdout?.setEncoding('utf8');
    for await (const chunk of child.stdout ?? []) {
      stdout += chunk as string;
      if (stdout.includes('stop with Ctrl-C')) break;
    }
    expect(stdout).toContain('Nuvatra is serving Maple Street Dental (CLIENT_ID=example-clinic)');
    expect(stdout).toContain(`config: ${path}`);
    expect(stdout).toContain(`data:   ${deployment.dataDirectory}/nuvatra.sqlite`);
    const url = stdout.match(/curl -H 'Authorization: Bearer dev:front-desk' (http:\/\/\S+)\/api\/me/)?.[1];
    const me = await fetch(`${url}/api/me`, { headers: { authorization: 'Bearer dev:front-desk' } });
    expect(((await me.json()) as { tenant: { slug: string } }).tenant.slug).toBe('example-clinic');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
