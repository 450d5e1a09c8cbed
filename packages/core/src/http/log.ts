/** Structured log records; the default writes one JSON line per record to the console. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const secretKey = /authorization|cookie|token|secret|password|api[-_]?key|signature|credential|private/i;

/**
 * Replaces secrets with "[redacted]" before anything is logged: values under keys that name a secret
 * (authorization, cookie, *token*, *secret*, *key*, signature…), and such query parameters inside URLs.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[deep]';
  if (typeof value === 'string') return redactUrl(value);
  // Their fields are getters, so the object walk below would log them as `{}`.
  if (value instanceof URL) return redactUrl(value.href);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value instanceof Error) {
    const { name, message, stack } = value;
    const code = (value as { code?: unknown }).code;
    return redact({ name, message, ...(code ? { code } : {}), stack, cause: value.cause }, depth + 1);
  }
  if (value instanceof Headers) return redact(Object.fromEntries(value), depth + 1);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = secretKey.test(key) ? '[redacted]' : redact(item, depth + 1);
    }
    return out;
  }
  return value;
}

function redactUrl(text: string): string {
  if (!text.includes('=')) return text;
  // `#` too: an OAuth redirect carries `#access_token=…` in the fragment.
  return text.replace(/([?&#])([^=&#\s]+)=([^&#\s]*)/g, (match, separator: string, name: string) =>
    secretKey.test(name) ? `${separator}${name}=[redacted]` : match,
  );
}

/** One JSON line per record on stdout (info) or stderr (warn, error), secrets redacted. */
export function createConsoleLogger(options: { level?: 'info' | 'warn' | 'error' } = {}): Logger {
  const levels = { info: 0, warn: 1, error: 2 } as const;
  const threshold = levels[options.level ?? 'info'];
  const write = (level: keyof typeof levels, message: string, fields: Record<string, unknown> = {}) => {
    if (levels[level] < threshold) return;
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      message: redactUrl(message),
      ...(redact(fields) as object),
    });
    if (level === 'info') console.log(line);
    else console.error(line);
  };
  return {
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
