import { nuvatraTestProject } from '../../vitest.shared.js';

// The suites run against a real PostgreSQL server; creating databases makes some tests slower than SQLite's.
export default nuvatraTestProject('storage-postgres', { testTimeout: 60_000 });
