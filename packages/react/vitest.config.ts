import { nuvatraTestProject } from '../../vitest.shared.js';

// Components render in jsdom against the real API handler (core + in-memory SQLite), reached through `fetch`.
export default nuvatraTestProject('react', { environment: 'jsdom', setupFiles: ['./test/setup.ts'] });
