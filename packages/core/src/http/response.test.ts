import { describe, expect, it } from 'vitest';
import { createHttpError, NuvatraError, NuvatraHttpError } from '../errors/errors.js';
import { errorResponse, json } from './response.js';

const internal = {
  error: { code: 'INTERNAL', message: 'An internal error occurred; the server log has the detail.' },
};

describe('errorResponse', () => {
  it('answers a request error with its status, code and message', async () => {
    const response = errorResponse(createHttpError('NOT_FOUND', 'No such call: call_1.'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such call: call_1.' } });
  });

  it('keeps the status a NuvatraHttpError was made with', async () => {
    const response = errorResponse(new NuvatraHttpError(409, { code: 'CONFLICT', message: 'Taken.' }));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: 'CONFLICT', message: 'Taken.' } });
  });

  it('lists field issues of a validation error', async () => {
    const issues = [{ path: 'name', message: 'Too small' }];
    const response = errorResponse(createHttpError('VALIDATION_FAILED', 'Invalid intent: name: Too small', { issues }));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'VALIDATION_FAILED', message: 'Invalid intent: name: Too small', issues },
    });
  });

  it('answers a configuration error as 500 INTERNAL without its message', async () => {
    const error = new NuvatraError({ code: 'CONFIG_INVALID', message: 'NUVATRA_SECRET_KEY is sk_live_123' });
    const response = errorResponse(error);
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual(internal);
    expect(body).not.toContain('sk_live_123');
  });

  it('answers a request error with a 5xx status generically, keeping the status', async () => {
    const response = errorResponse(createHttpError('STORAGE_FAILED', 'connect ECONNREFUSED 10.0.0.5:5432'));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual(internal);
    const unavailable = errorResponse(new NuvatraHttpError(503, { code: 'INTERNAL', message: 'pool exhausted' }));
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual(internal);
  });

  it.each([
    ['a plain Error', new Error('database password is hunter2')],
    ['a TypeError', new TypeError('Cannot read properties of undefined (reading "hunter2")')],
    ['a string', 'hunter2'],
    ['an object', { message: 'hunter2', status: 400, code: 'NOT_FOUND' }],
    ['undefined', undefined],
    ['null', null],
  ])('answers %s as 500 INTERNAL without leaking it', async (_what, thrown) => {
    const response = errorResponse(thrown);
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(JSON.parse(body)).toEqual(internal);
    expect(body).not.toContain('hunter2');
  });
});

describe('json', () => {
  it('answers data as JSON with status 200 by default', async () => {
    const response = json({ ok: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ ok: true });
  });

  it('takes a status and extra headers, and keeps a content type the caller chose', () => {
    const response = json([], {
      status: 201,
      headers: { location: '/api/intents/1', 'content-type': 'application/problem+json' },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/api/intents/1');
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });
});
