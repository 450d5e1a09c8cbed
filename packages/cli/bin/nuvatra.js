#!/usr/bin/env node
// A committed launcher for dist/bin.js, so `pnpm install` can link the `nuvatra` command before anything is built.
import '../dist/bin.js';
