// Byte <-> text conversions for the crypto modules, on web-standard APIs only (btoa/atob, TextEncoder)
// so core runs unchanged on edge runtimes where `Buffer` does not exist.

const utf8Encoder = new TextEncoder();
// `fatal` so bytes that are not UTF-8 fail loudly instead of decoding to U+FFFD and comparing equal later.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

const base64UrlPattern = /^[A-Za-z0-9_-]*$/;
const base64AnyPattern = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function encodeUtf8(text: string): Uint8Array<ArrayBuffer> {
  return utf8Encoder.encode(text);
}

/** Throws a TypeError when `bytes` are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}

/** Unpadded base64url (RFC 4648 §5), the alphabet that is safe in URLs, headers and dot-separated tokens. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes unpadded base64url, or returns null. Only the canonical encoding is accepted, so one token has exactly
 * one spelling and a signed string cannot be altered in its unused low bits.
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!base64UrlPattern.test(text)) return null;
  const bytes = decodeBase64(text);
  return bytes !== null && toBase64Url(bytes) === text ? bytes : null;
}

/**
 * Decodes base64 in either alphabet, padded or not, or returns null. Lenient on purpose: it reads secrets from
 * env vars, which people generate with `openssl rand -base64 32` as often as with a base64url tool.
 */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  const trimmed = text.trim();
  if (!base64AnyPattern.test(trimmed)) return null;
  return decodeBase64(trimmed.replace(/=+$/, ''));
}

/**
 * Compares two byte arrays in time that depends only on their lengths, never on where they first differ.
 * Hand-written because Web Crypto has no constant-time compare (Node's `crypto.timingSafeEqual` is not on edge).
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) {
    difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  }
  return difference === 0;
}

function toBase64(bytes: Uint8Array): string {
  // In chunks: spreading a large array into one fromCharCode call overflows the call stack.
  const chunks: string[] = [];
  for (let start = 0; start < bytes.length; start += 0x8000) {
    chunks.push(String.fromCharCode(...bytes.subarray(start, start + 0x8000)));
  }
  return btoa(chunks.join(''));
}

/** `text` is unpadded base64 in either alphabet; a length of 1 mod 4 can never be valid. */
function decodeBase64(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 === 1) return null;
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  let binary: string;
  try {
    binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
