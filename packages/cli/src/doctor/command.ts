import type { CommandSpec } from '../command.js';
import { EXIT } from '../io.js';
import { oneOf } from '../manage/choices.js';
import {
  authChecks,
  type Check,
  otherVariableChecks,
  publicBaseUrlCheck,
  secretKeyCheck,
  twilioCheck,
  vapiCheck,
  variable,
} from './checks.js';
import { jobsCheck } from './jobs.js';
import { databaseCheck, modeChecks } from './setup.js';

const marks = { ok: '✓', warn: '!', fail: '✗', skip: '-' } as const;

export const doctor: CommandSpec = {
  name: 'doctor',
  summary: 'Check the configuration in the environment and print a checklist of what to fix',
  details: [
    'Exit code 1 when a check fails (✗); warnings (!) leave it 0. Secrets are never printed.',
    'Opens the database as the server would, without migrating it: SQLite under NUVATRA_DATA_DIR (creating the',
    'directory if need be), or Postgres at DATABASE_URL (waiting at most 5 seconds to connect). Then counts the',
    'job queue’s due and dead jobs (SQLite’s jobs table, or pg-boss at DATABASE_URL); dead jobs are a warning.',
  ],
  options: {
    mode: {
      type: 'string',
      placeholder: 'multi|single',
      description: 'The deployment’s mode',
      defaultText: 'single when CLIENT_ID is set',
    },
  },
  async run(input, { io }) {
    const { env, cwd } = io;
    const mode =
      oneOf('mode', input.option('mode'), ['multi', 'single'] as const) ??
      (variable(env, 'CLIENT_ID') ? 'single' : 'multi');
    const production = variable(env, 'NODE_ENV') === 'production';
    const providers = [
      'TWILIO_ACCOUNT_SID',
      'TWILIO_AUTH_TOKEN',
      'VAPI_SERVER_SECRET',
      'VAPI_API_KEY',
      'CLERK_WEBHOOK_SIGNING_SECRET',
    ].some((name) => variable(env, name));
    const database = await databaseCheck(env, cwd);
    const found: Check[] = [
      ...modeChecks(env, mode, cwd),
      ...authChecks(env, production),
      publicBaseUrlCheck(env, production, providers),
      secretKeyCheck(env, production),
      twilioCheck(env),
      vapiCheck(env),
      ...otherVariableChecks(env),
      database,
      // The queue is read only from a database that opened and holds Nuvatra's tables.
      ...(database.status === 'ok' ? [await jobsCheck(env, cwd)] : []),
    ];
    // Core's messages start with the variable's name, which the checklist already shows.
    const checks = found.map((item) => {
      const prefix = `${item.name}: `;
      return item.message.startsWith(prefix) ? { ...item, message: item.message.slice(prefix.length) } : item;
    });
    const problems = checks.filter((item) => item.status === 'fail').length;
    const warnings = checks.filter((item) => item.status === 'warn').length;
    const lines = [
      `nuvatra doctor: ${mode === 'single' ? 'single-tenant' : 'multi-tenant'} mode, NODE_ENV ${variable(env, 'NODE_ENV') ?? '(not set: development)'}`,
    ];
    for (const item of checks) {
      lines.push(`${marks[item.status]} ${item.name}: ${item.message}`);
      if (item.fix && item.status !== 'ok' && item.status !== 'skip') lines.push(`    fix: ${item.fix}`);
    }
    lines.push(
      `${problems === 0 ? 'No problems' : `${problems} problem${problems === 1 ? '' : 's'}`}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
    );
    return {
      exitCode: problems > 0 ? EXIT.failed : EXIT.ok,
      data: { mode, production, checks, problems, warnings },
      lines,
    };
  },
};
