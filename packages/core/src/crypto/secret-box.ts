import { NuvatraError } from '../errors/errors.js';
import { decodeUtf8, encodeUtf8, fromBase64, fromBase64Url, toBase64Url } from './encoding.js';

// Sealed secrets look like `v1.<keyId>.<base64url(iv)>.<base64url(ciphertext + tag)>`. The key id travels with
// the secret so keys can rotate: seal with the newest key, keep old ones only to open what they sealed.

const KEY_BYTES = 32;
// A fresh random 96-bit IV per seal is the GCM default; it stays safe for billions of seals under one key.
const IV_BYTES = 12;
const TAG_BYTES = 16;
const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
// The AES key is derived, never the raw key, so the same NUVATRA_SECRET_KEY can also sign tenant tokens.
const HKDF_INFO = 'nuvatra secret box v1';

export interface SecretBoxOptions {
  /** Key id → exactly 32 bytes, raw or base64. Ids are 1-32 letters, digits, "_" or "-". */
  keys: Record<string, Uint8Array | string>;
  /** The key new secrets are sealed with; it must be one of `keys`. */
  primaryKeyId: string;
}

export interface SecretBox {
  /** `associatedData` (e.g. the tenant id) is not stored but must be passed again to open. */
  seal(plaintext: string, associatedData?: string): Promise<string>;
  open(sealed: string, associatedData?: string): Promise<string>;
}

/** Encrypts provider credentials at rest with AES-256-GCM, binding each to its tenant through associated data. */
export function createSecretBox(options: SecretBoxOptions): SecretBox {
  const rawKeys = readKeys(options);
  const derived = new Map<string, Promise<CryptoKey>>();
  // Derived lazily and once per id: the factory stays synchronous so misconfiguration throws at construction.
  const keyFor = (keyId: string, raw: Uint8Array<ArrayBuffer>) => {
    let key = derived.get(keyId);
    if (key === undefined) {
      key = deriveAesKey(raw);
      derived.set(keyId, key);
    }
    return key;
  };
  // readKeys has checked the primary id is present.
  const primaryRaw = rawKeys.get(options.primaryKeyId)!;

  return {
    async seal(plaintext, associatedData = '') {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const key = await keyFor(options.primaryKeyId, primaryRaw);
      const params = { name: 'AES-GCM', iv, additionalData: encodeUtf8(associatedData) };
      const ciphertext = new Uint8Array(await crypto.subtle.encrypt(params, key, encodeUtf8(plaintext)));
      return `v1.${options.primaryKeyId}.${toBase64Url(iv)}.${toBase64Url(ciphertext)}`;
    },

    async open(sealed, associatedData = '') {
      const parts = typeof sealed === 'string' ? sealed.split('.') : [];
      const [version, keyId = '', encodedIv = '', encodedCiphertext = ''] = parts;
      if (parts.length !== 4 || version !== 'v1' || !keyIdPattern.test(keyId)) throw tampered();
      const raw = rawKeys.get(keyId);
      if (raw === undefined) {
        throw new NuvatraError({
          code: 'SECRET_BOX_KEY_UNKNOWN',
          message: `Sealed secret names key id "${keyId}", which is not in the secret box keys. Keep retired keys in \`keys\` (next to NUVATRA_SECRET_KEY) until every secret they sealed is re-sealed.`,
        });
      }
      const iv = fromBase64Url(encodedIv);
      const ciphertext = fromBase64Url(encodedCiphertext);
      if (iv?.length !== IV_BYTES || ciphertext === null || ciphertext.length < TAG_BYTES) throw tampered();
      try {
        const params = { name: 'AES-GCM', iv, additionalData: encodeUtf8(associatedData) };
        return decodeUtf8(new Uint8Array(await crypto.subtle.decrypt(params, await keyFor(keyId, raw), ciphertext)));
      } catch (error) {
        throw tampered(error);
      }
    },
  };
}

function readKeys(options: SecretBoxOptions): Map<string, Uint8Array<ArrayBuffer>> {
  const entries = Object.entries(options.keys ?? {});
  if (entries.length === 0) throw configInvalid('Secret box needs at least one key in `keys`.');
  const keys = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const [keyId, value] of entries) {
    if (!keyIdPattern.test(keyId)) {
      throw configInvalid(`Secret box key id "${keyId.slice(0, 40)}" must be 1-32 letters, digits, "_" or "-".`);
    }
    // Copied so a caller reusing its buffer cannot change the key after construction.
    const bytes =
      typeof value === 'string' ? fromBase64(value) : value instanceof Uint8Array ? new Uint8Array(value) : null;
    if (bytes?.length !== KEY_BYTES) {
      const got = bytes === null ? 'not bytes or base64' : `${bytes.length} bytes`;
      throw configInvalid(`Secret box key "${keyId}" must be exactly ${KEY_BYTES} bytes (got ${got}).`);
    }
    keys.set(keyId, bytes);
  }
  if (!keys.has(options.primaryKeyId)) {
    throw configInvalid(
      `Secret box primaryKeyId "${String(options.primaryKeyId).slice(0, 40)}" is not one of \`keys\`.`,
    );
  }
  return keys;
}

async function deriveAesKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: encodeUtf8(HKDF_INFO) },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

function configInvalid(problem: string) {
  return new NuvatraError({
    code: 'CONFIG_INVALID',
    message: `${problem} Set NUVATRA_SECRET_KEY to 32 random bytes in base64, e.g. the output of \`openssl rand -base64 32\`.`,
  });
}

function tampered(cause?: unknown) {
  // One message for every failure: whether the format, the key or the tag was wrong is no one's business.
  return new NuvatraError({
    code: 'SECRET_BOX_TAMPERED',
    message:
      'Sealed secret is malformed, was altered, or was sealed for different associated data (e.g. another tenant); re-seal it from the original value.',
    cause,
  });
}
