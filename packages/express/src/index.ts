// The public surface of @nuvatra/express.
export type { FetchHandler } from '@nuvatra/core';
export type { NuvatraExpressOptions } from './middleware.js';
export { nuvatra } from './middleware.js';
export { captureRawBody, RECONSTRUCTED_BODY_HEADER } from './raw-body.js';
export type { ToRequestOptions } from './to-request.js';
export { toRequest } from './to-request.js';
export { writeResponse } from './write-response.js';
