/** Opaque, unguessable ids with a readable prefix (`call_…`, `ten_…`), from Web Crypto. */
export function createId(prefix: string): string {
  return `${prefix}_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
}
