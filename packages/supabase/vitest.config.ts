import { nuvatraTestProject } from '../../vitest.shared.js';

// The suites run against a real PostgreSQL server made to look like Supabase's (see test/databases.ts).
export default nuvatraTestProject('supabase', { testTimeout: 60_000 });
