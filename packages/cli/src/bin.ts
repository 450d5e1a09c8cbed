#!/usr/bin/env node
import { runCli } from './run.js';

// The `nuvatra` executable: the command line in, the exit code out.
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
