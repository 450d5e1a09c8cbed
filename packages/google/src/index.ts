export type { GoogleConnection } from './connection.js';
export { defineGoogleConnection } from './connection.js';
export { GoogleErrorCode, isGoogleError, notConnectedCode } from './errors.js';
export type { ConnectionView, GoogleConnectionEvent, GoogleConnectionOptions } from './options.js';
export { googleEndpoints } from './options.js';
