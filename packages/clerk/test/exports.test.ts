import { runPublicSurfaceTests } from '../../../test-support/exports.js';
import * as source from '../src/index.js';

// The public surface of @nuvatra/clerk, frozen: a change here reaches every user, so it must be on purpose.
// After an intended change, review the diff and run `pnpm vitest run -u --project clerk`.
runPublicSurfaceTests({ packageDirectory: new URL('..', import.meta.url), source });
