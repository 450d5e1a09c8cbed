import { type CountryCode, isSupportedCountry, parsePhoneNumberWithError } from 'libphonenumber-js';
import { createHttpError } from '../errors/errors.js';

/** A phone number in E.164 form, e.g. `+15551234567`: the one spelling tenants are looked up by. */
export type E164 = string;

export interface NormalizePhoneNumberOptions {
  /**
   * ISO 3166 region ("US", "GB") used to read national numbers such as `(555) 111-1111`. Typed as a string too
   * because it usually comes from config or a request; an unknown region is refused rather than ignored.
   */
  region?: CountryCode | (string & {});
}

// Only what people and providers actually put between digits. libphonenumber would otherwise pull a number out
// of `+15551111111abc` or read `ext 5` as an extension, and two different inputs must not map to one tenant.
const dialablePattern = /^\+?[\d\s().-]+$/;
const telPrefix = /^tel:/i;
const nanpE164 = /^\+1\d{10}$/;

/**
 * Turns a phone number as a person or a provider wrote it into E.164, or throws INVALID_PHONE_NUMBER.
 * Accepts every number of a possible length, not only assigned ones, so fictional demo numbers (+1 555…) work.
 */
export function normalizePhoneNumber(input: string, options: NormalizePhoneNumberOptions = {}): E164 {
  const { region } = options;
  if (region !== undefined && !isSupportedCountry(region)) {
    throw createHttpError(
      'INVALID_PHONE_NUMBER',
      `${quote(region)} is not a supported region; pass an ISO 3166 code such as "US", or omit it for E.164 input.`,
    );
  }
  const e164 = tryNormalizePhoneNumber(input, options);
  if (e164 !== null) return e164;
  throw createHttpError(
    'INVALID_PHONE_NUMBER',
    `${quote(input)} is not a phone number; use E.164 such as +15551234567, or pass a region for national numbers.`,
  );
}

// Every call and message normalizes its numbers (twice or more on the way to its tenant), and libphonenumber takes
// tens of microseconds a number: the answers, a pure function of the input, are remembered. Bounded, so a flood of
// distinct numbers only costs the clearing (100,000 numbers: about 10 MB).
const remembered = new Map<string, E164 | null>();
const rememberedLimit = 100_000;

/** Like `normalizePhoneNumber` but returns null instead of throwing, for resolvers that must not throw. */
export function tryNormalizePhoneNumber(input: string, options: NormalizePhoneNumberOptions = {}): E164 | null {
  const { region } = options;
  if (typeof input !== 'string' || (region !== undefined && !isSupportedCountry(region))) return null;
  const key = region === undefined ? input : `${region}\u0000${input}`;
  const known = remembered.get(key);
  if (known !== undefined) return known;
  const e164 = parseToE164(input, region);
  if (remembered.size >= rememberedLimit) remembered.clear();
  remembered.set(key, e164);
  return e164;
}

function parseToE164(input: string, region: CountryCode | undefined): E164 | null {
  const text = input.trim().replace(telPrefix, '').trim();
  // A North American number already in E.164 (+1 and ten digits) is its own answer: libphonenumber gives back the
  // same text for every such number, and finding which of the NANP countries it belongs to is most of its cost.
  if (nanpE164.test(text)) return text;
  if (!dialablePattern.test(text)) return null;
  try {
    const parsed = parsePhoneNumberWithError(text, region);
    return parsed.isPossible() ? parsed.number : null;
  } catch {
    // libphonenumber throws ParseError for text it cannot read at all (NOT_A_NUMBER, TOO_SHORT…).
    return null;
  }
}

/** Quoted with JSON.stringify so quotes and newlines in the input cannot forge the rest of a log line. */
function quote(value: unknown): string {
  if (typeof value !== 'string') return `A value of type ${value === null ? 'null' : typeof value}`;
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}
