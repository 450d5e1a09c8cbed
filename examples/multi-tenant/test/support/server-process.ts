import { type ChildProcess, fork } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

// The example server as it runs in production: `src/main.ts` in a process of its own (tsx, the source
// condition), so a test can kill it with SIGKILL and a load generator never shares its thread.

const exampleDirectory = fileURLToPath(new URL('../../', import.meta.url));
const mainModule = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

/** A port free right now (the server is started on a known port so a restart keeps its address). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** SIGKILL: no shutdown hook runs, open requests die with their connections. Resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM: the server's own graceful close. */
  stop(): Promise<void>;
  /** What the process printed, for a failure message. */
  output(): string;
}

/** Starts `src/main.ts` with only these variables (no DATABASE_URL or keys from the caller's environment). */
export async function startServerProcess(variables: Record<string, string>): Promise<ServerProcess> {
  const inherited = Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR', 'SystemRoot'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  );
  const child = fork(mainModule, [], {
    cwd: exampleDirectory,
    execArgv: ['--import', 'tsx', '--conditions=@nuvatra/source'],
    env: { ...inherited, ...variables },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let printed = '';
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString('utf8')).slice(-8_000);
  };
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) =>
      reject(new Error(`the example server exited (${signal ?? code}) before it listened:\n${printed}`));
    child.once('exit', onExit);
    child.stdout?.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (printed.includes('The API: ')) {
        child.off('exit', onExit);
        resolve();
      }
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    url: `http://127.0.0.1:${variables.PORT}`,
    child,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
    output: () => printed,
  };
}
