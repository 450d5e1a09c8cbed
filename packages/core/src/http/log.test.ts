import { afterEach, describe, expect, it, vi } from 'vitest';
import { NuvatraError } from '../errors/errors.js';
import { createConsoleLogger, redact, silentLogger } from './log.js';

describe('redact', () => {
  it.each([
    'authorization',
    'Authorization',
    'cookie',
    'set-cookie',
    'x-api-key',
    'apiKey',
    'api_key',
    'token',
    'accessToken',
    'refresh_token',
    'secret',
    'clientSecret',
    'webhookSignature',
    'x-twilio-signature',
    'password',
    'privateKey',
    'credentials',
  ])('hides the value under %s', (key) => {
    expect(redact({ [key]: 'sk_live_123' })).toEqual({ [key]: '[redacted]' });
  });

  it('hides a secret whatever its value is, not only strings', () => {
    expect(redact({ token: { nested: 'x' }, secret: ['a'], signature: 42 })).toEqual({
      token: '[redacted]',
      secret: '[redacted]',
      signature: '[redacted]',
    });
  });

  it('leaves tenant ids, paths, methods and other plain fields alone', () => {
    const fields = { tenantId: 'ten_1', path: '/api/calls/call_1', method: 'GET', status: 200, ok: true, none: null };
    expect(redact(fields)).toEqual(fields);
  });

  it('hides secrets in nested objects and inside arrays', () => {
    expect(
      redact({ request: { headers: { authorization: 'Bearer abc', accept: '*/*' } }, keys: [{ apiKey: 'k' }, 'x'] }),
    ).toEqual({
      request: { headers: { authorization: '[redacted]', accept: '*/*' } },
      keys: [{ apiKey: '[redacted]' }, 'x'],
    });
  });

  it('reads Headers as a plain object of lower-case names and hides the secret ones', () => {
    const headers = new Headers({
      Authorization: 'Bearer abc',
      Cookie: 'session=1',
      'X-Api-Key': 'key',
      'X-Tenant-Id': 'ten_1',
    });
    expect(redact({ headers })).toEqual({
      headers: { authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]', 'x-tenant-id': 'ten_1' },
    });
  });

  it('hides secret query parameters inside URL strings and keeps the others', () => {
    expect(redact('https://api.example.com/hook?token=abc&tenantId=ten_1&signature=xyz#top')).toBe(
      'https://api.example.com/hook?token=[redacted]&tenantId=ten_1&signature=[redacted]#top',
    );
    expect(redact({ url: '/oauth/callback?code=1&state=2&access_token=abc' })).toEqual({
      url: '/oauth/callback?code=1&state=2&access_token=[redacted]',
    });
    expect(redact('GET https://s3.example.com/a?X-Amz-Signature=abc&X-Amz-Credential=def done')).toBe(
      'GET https://s3.example.com/a?X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted] done',
    );
  });

  it('hides a token carried in a URL fragment', () => {
    expect(redact('https://app.example.com/callback#access_token=abc&state=1')).toBe(
      'https://app.example.com/callback#access_token=[redacted]&state=1',
    );
  });

  it('logs a URL object as its address, secrets hidden', () => {
    expect(redact({ url: new URL('https://api.example.com/hook?token=abc&page=2') })).toEqual({
      url: 'https://api.example.com/hook?token=[redacted]&page=2',
    });
  });

  it('logs a Date as its ISO timestamp', () => {
    expect(redact({ at: new Date('2025-01-15T03:00:00.000Z') })).toEqual({ at: '2025-01-15T03:00:00.000Z' });
  });

  it('leaves strings without query parameters as they are', () => {
    expect(redact('token is missing')).toBe('token is missing');
    expect(redact('a = b')).toBe('a = b');
  });

  it('describes an Error by name, message, code, stack and cause, with secrets hidden throughout', () => {
    const cause = new Error('fetch https://api.example.com/x?api_key=abc failed');
    const error = new NuvatraError({ code: 'STORAGE_FAILED', message: 'write failed', cause });
    const described = redact({ error }) as { error: Record<string, unknown> };
    expect(described.error).toMatchObject({
      name: 'NuvatraError',
      message: 'write failed',
      code: 'STORAGE_FAILED',
      cause: { name: 'Error', message: 'fetch https://api.example.com/x?api_key=[redacted] failed' },
    });
    expect(described.error.stack).toEqual(expect.stringContaining('write failed'));
    expect(JSON.stringify(described)).not.toContain('api_key=abc');
  });

  it('stops at a depth limit instead of following a cycle forever', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(JSON.stringify(redact(cyclic))).toContain('[deep]');
  });
});

describe('createConsoleLogger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function spyConsole() {
    return {
      log: vi.spyOn(console, 'log').mockImplementation(() => {}),
      error: vi.spyOn(console, 'error').mockImplementation(() => {}),
    };
  }

  const onlyLine = (spy: ReturnType<typeof spyConsole>['log']) => {
    expect(spy).toHaveBeenCalledTimes(1);
    const [line] = spy.mock.calls[0] ?? [];
    expect(typeof line).toBe('string');
    expect(line as string).not.toContain('\n');
    return JSON.parse(line as string) as Record<string, unknown>;
  };

  it('writes an info record as one JSON line on stdout, secrets redacted', () => {
    const consoleSpy = spyConsole();
    createConsoleLogger().info('request', {
      tenantId: 'ten_1',
      headers: { authorization: 'Bearer sk_live_123' },
      url: 'https://api.example.com/hook?token=abc',
    });
    const record = onlyLine(consoleSpy.log);
    expect(record).toMatchObject({
      level: 'info',
      message: 'request',
      tenantId: 'ten_1',
      headers: { authorization: '[redacted]' },
      url: 'https://api.example.com/hook?token=[redacted]',
    });
    expect(Number.isNaN(Date.parse(record.time as string))).toBe(false);
    expect(consoleSpy.error).not.toHaveBeenCalled();
    expect(JSON.stringify(consoleSpy.log.mock.calls)).not.toContain('sk_live_123');
  });

  it('writes warnings and errors on stderr', () => {
    const consoleSpy = spyConsole();
    const logger = createConsoleLogger();
    logger.warn('slow', { durationMs: 1 });
    logger.error('failed', { error: new Error('boom') });
    expect(consoleSpy.log).not.toHaveBeenCalled();
    const lines = consoleSpy.error.mock.calls.map(([line]) => JSON.parse(line as string) as Record<string, unknown>);
    expect(lines).toMatchObject([
      { level: 'warn', message: 'slow', durationMs: 1 },
      { level: 'error', message: 'failed', error: { name: 'Error', message: 'boom' } },
    ]);
  });

  it('hides secret query parameters in the message too', () => {
    const consoleSpy = spyConsole();
    createConsoleLogger().info('fetched https://api.example.com/x?secret=abc');
    expect(onlyLine(consoleSpy.log).message).toBe('fetched https://api.example.com/x?secret=[redacted]');
  });

  it('drops records below the configured level', () => {
    const consoleSpy = spyConsole();
    const warnings = createConsoleLogger({ level: 'warn' });
    warnings.info('dropped');
    warnings.warn('kept');
    const errors = createConsoleLogger({ level: 'error' });
    errors.warn('dropped');
    errors.error('kept');
    expect(consoleSpy.log).not.toHaveBeenCalled();
    const messages = consoleSpy.error.mock.calls.map(
      ([line]) => (JSON.parse(line as string) as { message: string }).message,
    );
    expect(messages).toEqual(['kept', 'kept']);
  });

  it('has a silent logger that writes nothing', () => {
    const consoleSpy = spyConsole();
    silentLogger.info('x');
    silentLogger.warn('x');
    silentLogger.error('x');
    expect(consoleSpy.log).not.toHaveBeenCalled();
    expect(consoleSpy.error).not.toHaveBeenCalled();
  });
});
