import type { ServerResponse } from 'node:http';
import { writeNodeResponse } from '@nuvatra/node';

/**
 * Writes a Fetch Response to an Express (or node:http) response: status, every header (each Set-Cookie on its
 * own line), and the body chunk by chunk with backpressure. Resolves when the body is written or the client has
 * gone (the body is then cancelled); a body that fails part-way rejects, for Express's error handling.
 */
export function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  return writeNodeResponse(res, response, { onBodyError: 'throw' });
}
