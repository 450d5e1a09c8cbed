import { describe, expect, it } from 'vitest';
import { expectError, expectNothingWritten, type Hostile, send, tenantsOf } from '../context.js';
import { memberOf, postSignedTwilio, smsForm, twilioPaths, voiceForm } from '../sign.js';
import { parseTwiml, verbsOf, type XmlElement } from '../twiml.js';

/** Text that breaks XML, CDATA and HTTP headers when pasted in unescaped. */
const hostileText =
  'Mallory</Say><Dial>+19005550199</Dial><Say>]]><![CDATA[<Redirect>https://attacker.example</Redirect>]]> & "q" \'a\'\r\nX-Injected: 1\n';

/** Only `<Say>` and `<Hangup/>`, no element nested in them: nothing an attacker's text could have added. */
function expectOnlySayAndHangup(response: XmlElement) {
  expect(response.name).toBe('Response');
  const verbs = verbsOf(response);
  expect(verbs.length).toBeGreaterThan(0);
  expect(verbs.filter((verb) => verb !== 'Say' && verb !== 'Hangup')).toEqual([]);
  expect(verbs.at(-1)).toBe('Hangup');
  for (const verb of response.children) expect(verb.children).toEqual([]);
}

/** Header names and values of a response, as one text to search. */
function headerText(response: Response): string {
  return [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
}

/** Attacker-controlled text in TwiML, response headers and error bodies. */
export function injectionCases(hostile: Hostile): void {
  const paths = () => twilioPaths(hostile);
  const a = () => tenantsOf(hostile).a;

  describe('injection', () => {
    it('twiml: a CallerName full of TwiML, CDATA ends, & and CR/LF → 200 well-formed TwiML of Say and Hangup only', async () => {
      const form = voiceForm(hostile, { To: a().number, CallerName: hostileText.slice(0, 250) });
      const response = await postSignedTwilio(hostile, paths().voice, form);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(headerText(response)).not.toMatch(/x-injected/i);
      expectOnlySayAndHangup(parseTwiml(await response.text()));
    });

    it('twiml: a From that is TwiML → 400 VALIDATION_FAILED or well-formed TwiML, never a <Dial>', async () => {
      const form = voiceForm(hostile, { To: a().number, From: '<Dial>+19005550199</Dial>' });
      const response = await postSignedTwilio(hostile, paths().voice, form);
      if (response.status === 200) expectOnlySayAndHangup(parseTwiml(await response.text()));
      else await expectError(response, 400, 'VALIDATION_FAILED');
    });

    it("twiml: A's greeting set to TwiML through the API → the caller hears it as text, Say/Say/Hangup exactly", async () => {
      const headers = { ...memberOf(hostile, a()), 'content-type': 'application/json' };
      const current = await send(hostile, '/api/profile', { headers });
      expect(current.status).toBe(200);
      const profile = (await current.json()) as Record<string, unknown>;
      const greeting = hostileText.trim();
      const put = await send(hostile, '/api/profile', {
        method: 'PUT',
        headers,
        body: JSON.stringify({ ...profile, greeting: { en: greeting }, languages: ['en'] }),
      });
      expect(put.status).toBe(200);
      await put.text();
      const response = await postSignedTwilio(hostile, paths().voice, voiceForm(hostile, { To: a().number }));
      expect(response.status).toBe(200);
      const twiml = parseTwiml(await response.text());
      expect(verbsOf(twiml)).toEqual(['Say', 'Say', 'Hangup']);
      expect(twiml.children[0]?.text).toBe(greeting);
    });

    it('twiml: an SMS Body of TwiML → 200 an empty, well-formed <Response/>', async () => {
      const form = smsForm(hostile, { To: a().number, Body: hostileText });
      const response = await postSignedTwilio(hostile, paths().sms, form);
      expect(response.status).toBe(200);
      const twiml = parseTwiml(await response.text());
      expect(twiml.name).toBe('Response');
      expect(verbsOf(twiml)).toEqual([]);
    });

    it('headers: CR/LF and Set-Cookie encoded in the path → a JSON 4xx with no injected header, nothing written', async () => {
      await expectNothingWritten(hostile, async () => {
        const response = await send(
          hostile,
          '/api/calls/%0d%0aSet-Cookie:%20pwned=1%0d%0aLocation:%20https://attacker.example',
          {
            headers: memberOf(hostile, a()),
          },
        );
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('set-cookie')).toBeNull();
        expect(response.headers.get('location')).toBeNull();
        expect(headerText(response)).not.toMatch(/pwned|attacker/);
        await expectError(response, response.status);
      });
    });

    it('headers: CR/LF and Location encoded in a query → 400 INVALID_CURSOR with no Location header, nothing written', async () => {
      await expectNothingWritten(hostile, async () => {
        const response = await send(hostile, '/api/calls?cursor=x%0d%0aLocation:%20https://attacker.example', {
          headers: memberOf(hostile, a()),
        });
        expect(response.headers.get('location')).toBeNull();
        expect(headerText(response)).not.toMatch(/attacker/);
        await expectError(response, 400, 'INVALID_CURSOR');
      });
    });

    it('headers: a cross-origin request from an unlisted Origin gets no Access-Control-Allow-Origin for it', async () => {
      const response = await send(hostile, '/api/calls', {
        headers: { ...memberOf(hostile, a()), origin: 'https://attacker.example' },
      });
      await response.arrayBuffer();
      expect(response.headers.get('access-control-allow-origin') ?? '').not.toMatch(/attacker|\*/);
      expect(
        response.headers.get('access-control-allow-credentials') === 'true' &&
          response.headers.get('access-control-allow-origin') === 'https://attacker.example',
      ).toBe(false);
    });

    it('headers: an HTML Content-Type echoed in an error stays inside a JSON body (415, application/json)', async () => {
      await expectNothingWritten(hostile, async () => {
        const response = await send(hostile, '/api/intents', {
          method: 'POST',
          headers: { ...memberOf(hostile, a()), 'content-type': 'text/html; charset="<script>alert(1)</script>"' },
          body: '<script>alert(1)</script>',
        });
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.headers.get('x-content-type-options') ?? 'nosniff').toBe('nosniff');
        await expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
      });
    });

    it('paths: an encoded ../ out of the dashboard never serves a file outside it', async () => {
      for (const path of [
        '/..%2f..%2f..%2fpackage.json',
        '/%2e%2e/%2e%2e/%2e%2e/package.json',
        '/assets/..%5c..%5cpackage.json',
      ]) {
        const response = await send(hostile, path);
        const body = await response.text();
        expect(body).not.toMatch(/"name":\s*"@nuvatra|root:x:0:0/);
      }
    });
  });
}
