import { nuvatraTestProject } from '../../vitest.shared.js';

// The tests run against a real PostgreSQL server; pg-boss's smallest lease is one second, so a few wait that long.
export default nuvatraTestProject('pg-boss', { testTimeout: 60_000 });
