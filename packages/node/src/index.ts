// The public surface of @nuvatra/node.
export type { FetchHandler } from '@nuvatra/core';
export type { LightRequestInit } from './light-request.js';
export { createLightRequest } from './light-request.js';
export type { NodeListenerOptions } from './listener.js';
export { toNodeListener } from './listener.js';
export type { WriteNodeResponseOptions } from './node-io.js';
export { requestBodyStream, writeNodeResponse } from './node-io.js';
export type { NuvatraServer, ServeOptions } from './serve.js';
export { serve } from './serve.js';
