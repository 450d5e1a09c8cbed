let lastMillis = 0;
let sequence = 0;

/**
 * Opaque, unguessable ids with a readable prefix (`call_…`, `ten_…`): 32 hex digits = the creation time in ms
 * (12), a per-process sequence within that millisecond (4) and 64 random bits from Web Crypto (16). The time and
 * sequence prefix makes ids made by one process sort in creation order, so lists ordered by `(createdAt, id)`
 * keep rows created in the same millisecond in the order they were made.
 */
export function createId(prefix: string): string {
  const now = Date.now();
  if (now > lastMillis) {
    lastMillis = now;
    sequence = 0;
  } else {
    sequence += 1;
    // 65,536 ids in one millisecond: borrow the next millisecond rather than wrap (order stays monotonic).
    if (sequence > 0xffff) {
      lastMillis += 1;
      sequence = 0;
    }
  }
  return `${prefix}_${lastMillis.toString(16).padStart(12, '0')}${sequence.toString(16).padStart(4, '0')}${hex8(randomWord())}${hex8(randomWord())}`;
}

// Random words drawn from Web Crypto 256 at a time (one call per id cost more than the rest of the id); each word is
// handed out once.
const randomWords = new Uint32Array(256);
let nextWord = randomWords.length;
function randomWord(): number {
  if (nextWord === randomWords.length) {
    globalThis.crypto.getRandomValues(randomWords);
    nextWord = 0;
  }
  return randomWords[nextWord++] ?? 0;
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}
