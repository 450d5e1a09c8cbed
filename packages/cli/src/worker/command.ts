import type { JobRunOutcome, JobWorkerOptions } from '@nuvatra/core';
import type { CommandInput, CommandSpec } from '../command.js';
import { type CliContext, usageError } from '../io.js';
import { loadWorkerApp } from './app-module.js';
import { shutdownOn, whenAborted } from './shutdown.js';

const numberFlags = {
  concurrency: 'concurrency',
  'poll-interval': 'pollIntervalMs',
  lease: 'leaseMs',
  grace: 'graceMs',
} as const;

/** The worker settings given on the command line, over those the app passed to createNuvatra. */
function workerFlags(input: CommandInput): JobWorkerOptions {
  const options: Record<string, number> = {};
  for (const [flag, key] of Object.entries(numberFlags)) {
    const value = input.option(flag);
    if (value === undefined) continue;
    if (!/^\d+$/.test(value.trim())) throw usageError(`--${flag} must be a whole number; got "${value}".`);
    options[key] = Number(value);
  }
  return options;
}

/** One progress event: a JSON line on stdout with --json, else a line for people on stderr. */
function report(context: CliContext, event: string, fields: Record<string, unknown>, line: string) {
  if (context.json) context.io.stdout(`${JSON.stringify({ command: 'worker', event, ...fields })}\n`);
  else context.io.stderr(`${line}\n`);
}

function describeOutcome(outcome: JobRunOutcome): string {
  const error = 'error' in outcome ? `: ${outcome.error}` : '';
  return `job ${outcome.jobId} (${outcome.name}) ${outcome.status}${error}`;
}

export const worker: CommandSpec = {
  name: 'worker',
  summary: 'Work the background job queue of an app module until SIGTERM or SIGINT',
  details: [
    'Imports <module> and calls its createApp(env), which builds the app (storage, job queue, plugins) without',
    'listening, the same definition the server uses, and starts a job worker on it. For deployments that run the',
    'server with NUVATRA_WORKER=0 and the worker as a process of its own; run as many as you like.',
    'On SIGTERM or SIGINT it stops claiming, lets running jobs finish for --grace ms, gives back the rest (due now),',
    'closes the app and exits 0. A worker killed outright frees its jobs when their lease (--lease) lapses.',
    'A TypeScript module needs a loader: run the command under tsx, as the examples’ `pnpm nuvatra` does.',
  ],
  options: {
    app: { type: 'string', placeholder: 'module', description: 'The app module exporting createApp(env)' },
    concurrency: { type: 'string', placeholder: 'n', description: 'Jobs run at once', defaultText: 'the app’s, or 4' },
    'poll-interval': {
      type: 'string',
      placeholder: 'ms',
      description: 'How often an idle worker asks for due jobs',
      defaultText: 'the app’s, or 1000',
    },
    lease: {
      type: 'string',
      placeholder: 'ms',
      description: 'How long a claimed job is this worker’s before another may take it',
      defaultText: 'the app’s, or 300000',
    },
    grace: {
      type: 'string',
      placeholder: 'ms',
      description: 'How long stopping waits for running jobs before giving them back',
      defaultText: 'the app’s, or 10000',
    },
  },
  examples: [
    'nuvatra worker --app src/app.ts',
    'nuvatra worker --app dist/app.js --concurrency 8 --lease 60000 --json',
  ],
  async run(input, context) {
    const flags = workerFlags(input);
    const appPath = input.required('app');
    const shutdown = shutdownOn(context.io.signal);
    try {
      const { app, jobs } = await loadWorkerApp(appPath, context.io);
      const counts = { completed: 0, retrying: 0, dead: 0, released: 0, lost: 0 };
      let owner = '';
      try {
        const configured = jobs.worker || {};
        const started = jobs.startWorker({
          ...flags,
          onOutcome(outcome) {
            configured.onOutcome?.(outcome);
            counts[outcome.status] += 1;
            report(context, 'job', { ...outcome }, describeOutcome(outcome));
          },
        });
        owner = started.owner;
        const names = [...jobs.definitions.keys()];
        const settings = { ...configured, ...flags, onOutcome: undefined };
        report(
          context,
          'started',
          { owner, queue: jobs.driver.kind, jobs: names, ...settings },
          names.length > 0
            ? `nuvatra worker ${owner}: working ${names.join(', ')} on the ${jobs.driver.kind} queue. Stop with Ctrl-C or SIGTERM.`
            : `nuvatra worker ${owner}: no plugin of ${appPath} defines a job, so there is nothing to run yet (${jobs.driver.kind} queue).`,
        );
        await whenAborted(shutdown.signal);
        report(
          context,
          'stopping',
          { owner, reason: shutdown.reason() },
          `nuvatra worker ${owner}: stopping (${shutdown.reason()}); running jobs finish or go back to the queue.`,
        );
        await started.stop();
      } finally {
        await app.close();
      }
      return {
        data: { owner, ...counts },
        lines: [
          `nuvatra worker ${owner} stopped: ${counts.completed} completed, ${counts.retrying} to retry, ${counts.dead} dead, ${counts.released} given back.`,
        ],
      };
    } finally {
      shutdown.dispose();
    }
  },
};
