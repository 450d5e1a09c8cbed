import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStorage } from '@nuvatra/storage-sqlite';
import Database from 'better-sqlite3';
import twilio from 'twilio';

/** What the load generator and the servers agree on: the deployment's Twilio account and its public URL. */
export const accountSid = `AC${'0'.repeat(32)}`;
export const authToken = 'bench-auth-token-0123456789abcdef';
export const publicBaseUrl = 'https://voice.bench.example';
export const voicePath = '/api/webhooks/twilio/voice';
export const vapiPath = '/api/webhooks/vapi';
/** Generated for the bench only; the servers read it from here, never from the environment. */
export const vapiServerSecret = 'bench-vapi-server-secret-0123456789';
export const handoffTwiml =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://agent.example/stream"/></Connect></Response>';

/** The owned number of tenant `n`: +1 555 2xx xxxx, fictional and unique. */
export const tenantNumber = (n: number) => `+1555${String(2_000_000 + n).padStart(7, '0')}`;

/** Every tenant's configuration: a small business as the example's seeds describe one. */
export const benchConfig = {
  businessProfile: { name: 'Bench Dental', description: 'A family dental clinic.', address: '12 Harbour Road' },
  timezone: 'America/New_York',
  languages: ['en'],
  greeting: { en: 'Hello, Bench Dental, how can I help you today?' },
  services: [
    { name: 'Check-up', durationMinutes: 30, price: '$80', description: 'Examination and cleaning.' },
    { name: 'Whitening', durationMinutes: 60 },
  ],
  faq: [{ question: 'Do you take walk-ins?', answer: 'Only for emergencies.' }],
  workingHours: {
    weekly: {
      mon: [{ open: '09:00', close: '17:00' }],
      tue: [{ open: '09:00', close: '17:00' }],
      fri: [{ open: '09:00', close: '15:00' }],
    },
    exceptions: [],
  },
  voiceAgent: { provider: 'vapi', voiceProvider: '11labs', voiceId: 'bench-voice-id' },
};

/**
 * A SQLite file (WAL, as the example runs it) with `tenants` tenants, each owning one number and holding the
 * bench configuration. Tenant 0 is made through the storage API; the others are copies of its rows, inserted in
 * one transaction, so 100,000 tenants take seconds. Made once per tenant count; each server opens a copy.
 */
export async function seedDatabase(tenants: number): Promise<string> {
  const directory = join(tmpdir(), 'nuvatra-bench-seed');
  mkdirSync(directory, { recursive: true });
  const template = join(directory, `tenants-${tenants}-v2.sqlite`);
  if (existsSync(template)) return template;
  const building = `${template}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });

  const storage = createSqliteStorage({ mode: 'shared', filename: building });
  await storage.migrate();
  const first = await storage.tenants.create({ slug: 'tenant-0', name: 'Tenant 0' });
  await storage.withTenant(first.id, async (scope) => {
    await scope.config.put({ ...benchConfig, businessProfile: { ...benchConfig.businessProfile, name: 'Tenant 0' } });
    await scope.phoneNumbers.create({ number: tenantNumber(0), kind: 'owned' });
  });
  await storage.close();

  const db = new Database(building);
  db.pragma('journal_mode = WAL');
  const tenantRow = db.prepare('SELECT * FROM tenants WHERE id = ?').get(first.id) as Record<string, unknown>;
  const numberRow = db.prepare('SELECT * FROM phone_numbers WHERE tenant_id = ?').get(first.id) as Record<
    string,
    unknown
  >;
  const configRow = db.prepare('SELECT * FROM tenant_configs WHERE tenant_id = ?').get(first.id) as Record<
    string,
    unknown
  >;
  const insert = (table: string, row: Record<string, unknown>) => {
    const columns = Object.keys(row);
    return db.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    );
  };
  const insertTenant = insert('tenants', tenantRow);
  const insertNumber = insert('phone_numbers', numberRow);
  const insertConfig = insert('tenant_configs', configRow);
  const config = JSON.parse(String(configRow.config)) as { businessProfile: { name: string } };
  db.transaction(() => {
    for (let n = 1; n < tenants; n++) {
      const id = `ten_bench${String(n).padStart(8, '0')}`;
      insertTenant.run({ ...tenantRow, id, slug: `tenant-${n}`, name: `Tenant ${n}` });
      insertNumber.run({
        ...numberRow,
        tenant_id: id,
        id: `pn_bench${String(n).padStart(8, '0')}`,
        e164: tenantNumber(n),
      });
      const named = { ...config, businessProfile: { ...config.businessProfile, name: `Tenant ${n}` } };
      insertConfig.run({ ...configRow, tenant_id: id, config: JSON.stringify(named) });
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
  copyFileSync(building, template);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${building}${suffix}`, { force: true });
  return template;
}

/** A private copy of a seeded database for one server, so every variant starts from the same rows. */
export function copyDatabase(template: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'nuvatra-bench-'));
  const filename = join(directory, 'bench.sqlite');
  copyFileSync(template, filename);
  return filename;
}

export interface PreparedRequest {
  body: string;
  headers: Record<string, string>;
}

let sequence = 0;
/** A signed Twilio incoming-call webhook to tenant `n`, with a fresh CallSid so no request is a replay. */
export function signedInboundCall(n: number): PreparedRequest {
  sequence += 1;
  const params: Record<string, string> = {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: `CA${process.pid.toString(16)}${sequence.toString(16).padStart(26, '0')}`.slice(0, 34),
    CallStatus: 'ringing',
    Called: tenantNumber(n),
    Caller: '+15550109999',
    Direction: 'inbound',
    From: '+15550109999',
    To: tenantNumber(n),
  };
  const signature = twilio.getExpectedTwilioSignature(authToken, `${publicBaseUrl}${voicePath}`, params);
  return {
    body: new URLSearchParams(params).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  };
}

/** Vapi's `assistant-request` for a call to tenant `n`, as Vapi sends it (server secret header, fresh call id). */
export function assistantRequest(n: number): PreparedRequest {
  sequence += 1;
  const createdAt = '2026-03-02T14:00:00.000Z';
  const callId = `bench-${process.pid}-${sequence}`;
  const phoneNumber = {
    id: 'pn-bench',
    orgId: 'org-bench',
    provider: 'twilio',
    number: tenantNumber(n),
    createdAt,
    updatedAt: createdAt,
  };
  const message = {
    type: 'assistant-request',
    timestamp: Date.parse(createdAt),
    phoneNumber,
    customer: { number: '+15550109999' },
    call: {
      id: callId,
      orgId: 'org-bench',
      type: 'inboundPhoneCall',
      status: 'ringing',
      phoneCallProvider: 'twilio',
      phoneCallTransport: 'pstn',
      createdAt,
      updatedAt: createdAt,
      customer: { number: '+15550109999' },
      phoneNumberId: phoneNumber.id,
    },
  };
  return {
    body: JSON.stringify({ message }),
    headers: { 'content-type': 'application/json', 'x-vapi-secret': vapiServerSecret },
  };
}

/** `count` requests made before the run, spread over the tenants, so the load generator only sends them. */
export function requestPool(count: number, tenants: number, make: (n: number) => PreparedRequest): PreparedRequest[] {
  const pool: PreparedRequest[] = [];
  for (let i = 0; i < count; i++) pool.push(make(Math.floor(Math.random() * tenants)));
  return pool;
}
