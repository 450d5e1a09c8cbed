import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilioSdk from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { onTestFinished } from 'vitest';

// Test-only: Twilio's REST API as a small in-process server on loopback, answering the resources the plugin uses
// with the JSON shapes of Twilio's API reference (Accounts, IncomingPhoneNumbers). The plugin's real twilio client
// reaches it through the library's own `httpClient` option: a RequestClient that sends api.twilio.com requests here.

export interface FakeNumber {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  voiceUrl: string;
  voiceMethod: string;
  voiceApplicationSid: string;
  statusCallback: string;
  statusCallbackMethod: string;
  smsUrl: string;
  smsMethod: string;
  smsApplicationSid: string;
}

export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  /** The account the request authenticated as (HTTP Basic user). */
  username: string | null;
}

export interface FakeTwilio {
  httpClient: InstanceType<typeof twilioSdk.RequestClient>;
  requests: SeenRequest[];
  addAccount(accountSid: string, authToken: string): void;
  addNumber(accountSid: string, phoneNumber: string, fields?: Partial<FakeNumber>): FakeNumber;
  number(phoneNumber: string): FakeNumber | undefined;
}

const hex = (n: number) => n.toString(16).padStart(32, '0');

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const tokens = new Map<string, string>();
  const numbers = new Map<string, FakeNumber>();
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    void answer(req, res).catch((error: unknown) => send(res, 500, { message: String(error), status: 500 }));
  });

  async function answer(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake.twilio');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const [username, password] = basicAuth(req.headers.authorization);
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      form,
      username,
    });
    if (!username || tokens.get(username) !== password) {
      return send(res, 401, {
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      });
    }
    const account = /^\/2010-04-01\/Accounts\/(AC\w{32})(\/.*)?\.json$/.exec(url.pathname);
    if (!account || account[1] !== username) return notFound(res, url.pathname);
    const [, accountSid, rest = ''] = account;
    if (rest === '' && req.method === 'GET') return send(res, 200, accountJson(accountSid!));
    if (rest === '/IncomingPhoneNumbers' && req.method === 'GET') {
      const wanted = url.searchParams.get('PhoneNumber');
      const items = [...numbers.values()].filter(
        (number) => number.accountSid === accountSid && (!wanted || number.phoneNumber === wanted),
      );
      return send(res, 200, {
        end: items.length - 1,
        first_page_uri: `${url.pathname}?PageSize=50&Page=0`,
        incoming_phone_numbers: items.map(numberJson),
        next_page_uri: null,
        page: 0,
        page_size: Number(url.searchParams.get('PageSize') ?? 50),
        previous_page_uri: null,
        start: 0,
        uri: `${url.pathname}${url.search}`,
      });
    }
    const update = /^\/IncomingPhoneNumbers\/(PN\w{32})$/.exec(rest);
    const number = update ? numbers.get(update[1]!) : undefined;
    if (number && number.accountSid === accountSid && req.method === 'POST') {
      const fields = { VoiceUrl: 'voiceUrl', VoiceMethod: 'voiceMethod', VoiceApplicationSid: 'voiceApplicationSid' };
      const more = { StatusCallback: 'statusCallback', StatusCallbackMethod: 'statusCallbackMethod' };
      const sms = { SmsUrl: 'smsUrl', SmsMethod: 'smsMethod', SmsApplicationSid: 'smsApplicationSid' };
      for (const [param, field] of Object.entries({ ...fields, ...more, ...sms })) {
        if (param in form) number[field as keyof FakeNumber] = form[param] ?? '';
      }
      return send(res, 200, numberJson(number));
    }
    return notFound(res, url.pathname);
  }

  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The library's own extension point: every REST call goes through httpClient.request.
  class LoopbackRequestClient extends twilioSdk.RequestClient {
    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      return super.request<TData>({ ...opts, uri: opts.uri.replace(/^https:\/\/api\.twilio\.com/, base) });
    }
  }

  return {
    httpClient: new LoopbackRequestClient(),
    requests,
    addAccount: (accountSid, authToken) => void tokens.set(accountSid, authToken),
    addNumber(accountSid, phoneNumber, fields = {}) {
      const number: FakeNumber = {
        sid: `PN${hex(numbers.size + 1)}`,
        accountSid,
        phoneNumber,
        voiceUrl: '',
        voiceMethod: 'POST',
        voiceApplicationSid: '',
        statusCallback: '',
        statusCallbackMethod: 'POST',
        smsUrl: '',
        smsMethod: 'POST',
        smsApplicationSid: '',
        ...fields,
      };
      numbers.set(number.sid, number);
      return number;
    },
    number: (phoneNumber) => [...numbers.values()].find((number) => number.phoneNumber === phoneNumber),
  };
}

function basicAuth(header: string | undefined): [string | null, string | null] {
  const encoded = header?.match(/^Basic (.+)$/)?.[1];
  if (!encoded) return [null, null];
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function notFound(res: ServerResponse, path: string) {
  send(res, 404, {
    code: 20404,
    message: `The requested resource ${path} was not found`,
    more_info: 'https://www.twilio.com/docs/errors/20404',
    status: 404,
  });
}

function accountJson(sid: string) {
  return {
    auth_token: '[redacted]',
    date_created: 'Thu, 30 Jul 2015 20:00:00 +0000',
    date_updated: 'Thu, 30 Jul 2015 20:00:00 +0000',
    friendly_name: 'Clinic subaccount',
    owner_account_sid: sid,
    sid,
    status: 'active',
    subresource_uris: {},
    type: 'Full',
    uri: `/2010-04-01/Accounts/${sid}.json`,
  };
}

function numberJson(number: FakeNumber) {
  return {
    account_sid: number.accountSid,
    address_requirements: 'none',
    api_version: '2010-04-01',
    beta: false,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    date_created: 'Thu, 30 Jul 2015 23:19:04 +0000',
    date_updated: 'Thu, 30 Jul 2015 23:19:04 +0000',
    friendly_name: number.phoneNumber,
    identity_sid: null,
    phone_number: number.phoneNumber,
    origin: 'twilio',
    sid: number.sid,
    sms_application_sid: number.smsApplicationSid,
    sms_fallback_method: 'POST',
    sms_fallback_url: '',
    sms_method: number.smsMethod,
    sms_url: number.smsUrl,
    status_callback: number.statusCallback,
    status_callback_method: number.statusCallbackMethod,
    trunk_sid: null,
    uri: `/2010-04-01/Accounts/${number.accountSid}/IncomingPhoneNumbers/${number.sid}.json`,
    voice_application_sid: number.voiceApplicationSid,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: number.voiceMethod,
    voice_url: number.voiceUrl,
    status: 'in-use',
  };
}
