import { createHttpError, RECONSTRUCTED_BODY_HEADER, readBodyBytes } from '@nuvatra/core';
import { Telnyx } from 'telnyx';
import type { TelnyxConfig } from './options.js';

const signatureHeader = 'telnyx-signature-ed25519';
const timestampHeader = 'telnyx-timestamp';

/** Checks a webhook's signature and answers its JSON; throws 403 INVALID_SIGNATURE for anything Telnyx did not sign. */
export type TelnyxVerifier = (request: Request) => Promise<unknown>;

/**
 * Telnyx's signature check, done by the official library (`client.webhooks.unwrap`): an ed25519 signature
 * (`telnyx-signature-ed25519`, base64) over `${telnyx-timestamp}|${raw body}` under the account's public key,
 * with the timestamp within 300 seconds of now. Only the body bytes as received are checked: never re-serialised
 * JSON. The verifying client holds the public key alone: no API key, nothing read from the environment.
 */
export function createTelnyxVerifier(config: TelnyxConfig, now: () => number = Date.now): TelnyxVerifier {
  const verifier = new Telnyx({
    apiKey: null,
    publicKey: config.publicKey,
    clientID: null,
    clientSecret: null,
    baseURL: config.baseUrl,
  });
  return async function verifyTelnyxWebhook(request) {
    if (request.headers.has(RECONSTRUCTED_BODY_HEADER)) {
      throw createHttpError(
        'CONFIG_INVALID',
        'A body parser read the Telnyx webhook before Nuvatra, so its signature cannot be checked: mount nuvatra() ' +
          'before express.json(), or pass { verify: captureRawBody } to the parser.',
      );
    }
    // The library checks these too; checked first here so a request without them is refused before its body is read.
    const signature = request.headers.get(signatureHeader);
    const timestamp = request.headers.get(timestampHeader);
    if (!signature || !timestamp) {
      throw createHttpError(
        'INVALID_SIGNATURE',
        `The ${signature ? timestampHeader : signatureHeader} header is missing: only Telnyx may call this.`,
      );
    }
    // The library's replay window is fixed at 300 s; a deployment may want a narrower one, checked here first.
    const age = Math.abs(now() / 1000 - Number(timestamp));
    if (!/^\d{1,12}$/.test(timestamp) || age > config.toleranceSeconds) {
      throw createHttpError(
        'INVALID_SIGNATURE',
        `${timestampHeader} is not within ${config.toleranceSeconds} seconds of now: a stale or replayed event.`,
      );
    }
    const bytes = await readBodyBytes(request, config.bodyLimit);
    let body: string;
    try {
      // The library verifies a string; bytes that are not UTF-8 would not survive decoding unchanged.
      body = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw createHttpError('INVALID_SIGNATURE', 'The body is not UTF-8, so it cannot be the JSON Telnyx signed.');
    }
    try {
      return await verifier.webhooks.unwrap(body, {
        headers: { [signatureHeader]: signature, [timestampHeader]: timestamp },
      });
    } catch (error) {
      if (error instanceof SyntaxError) {
        throw createHttpError('INVALID_JSON', 'The signed body is not JSON.', { cause: error });
      }
      throw createHttpError(
        'INVALID_SIGNATURE',
        `${signatureHeader} does not match this body and ${timestampHeader} under TELNYX_PUBLIC_KEY.`,
        { cause: error },
      );
    }
  };
}
