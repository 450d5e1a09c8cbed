import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Testing Library unmounts after each test by itself only when the runner has globals; this suite has none.
afterEach(() => cleanup());
