import { describe, expect, it } from 'vitest';
import { expectNothingWritten, type Hostile, refusalCase, send, tenantsOf } from '../context.js';
import { memberOf } from '../sign.js';

const notFound = { status: 404, code: 'NOT_FOUND' } as const;
const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });

/** A's member and A's API key reaching for B's records by id, B's numbers, and tool URLs across tenants. */
export function crossTenantCases(hostile: Hostile): void {
  const asA = () => memberOf(hostile, tenantsOf(hostile).a);
  const b = () => tenantsOf(hostile).b;
  const withBody = (method: string, body: unknown) => {
    const { body: text, ...headers } = json(body);
    return { method, headers: { ...asA(), ...headers }, body: text };
  };

  describe('cross-tenant by id', () => {
    refusalCase(hostile, "cross-tenant: A's member reads B's call by id", notFound, () =>
      send(hostile, `/api/calls/${b().records.call.id}`, { headers: asA() }),
    );
    refusalCase(hostile, "cross-tenant: A's API key reads B's call by id", notFound, () =>
      send(hostile, `/api/calls/${b().records.call.id}`, { headers: { 'x-api-key': tenantsOf(hostile).a.apiKey } }),
    );
    refusalCase(hostile, "cross-tenant: A's member renames B's intent", notFound, () =>
      send(hostile, `/api/intents/${b().records.intentId}`, withBody('PUT', { description: 'pwned' })),
    );
    refusalCase(hostile, "cross-tenant: A's member deletes B's intent", notFound, () =>
      send(hostile, `/api/intents/${b().records.intentId}`, { method: 'DELETE', headers: asA() }),
    );
    refusalCase(hostile, "cross-tenant: A's member deletes B's phone number", notFound, () =>
      send(hostile, `/api/phone-numbers/${b().records.phoneNumberId}`, { method: 'DELETE', headers: asA() }),
    );
    refusalCase(hostile, "cross-tenant: A's member reads B's conversation messages", notFound, () =>
      send(hostile, `/api/conversations/${b().records.conversationId}/messages`, { headers: asA() }),
    );
    refusalCase(hostile, "cross-tenant: A's member books an appointment on B's call", notFound, () =>
      send(
        hostile,
        '/api/appointments',
        withBody('POST', {
          callId: b().records.call.id,
          customerName: 'Mallory',
          startsAt: '2030-01-01T10:00:00.000Z',
        }),
      ),
    );
    refusalCase(hostile, "cross-tenant: A's member registers B's number", { status: 409, code: 'CONFLICT' }, () =>
      send(hostile, '/api/phone-numbers', withBody('POST', { e164: b().number, kind: 'owned' })),
    );
    refusalCase(
      hostile,
      "cross-tenant: A's member registers B's number as a forwarding line",
      { status: 409, code: 'CONFLICT' },
      () => send(hostile, '/api/phone-numbers', withBody('POST', { e164: b().number, kind: 'forwarding' })),
    );
    refusalCase(
      hostile,
      "cross-tenant: A's member claims the shared assistant number as its own",
      { status: 409, code: 'CONFLICT' },
      () =>
        send(hostile, '/api/phone-numbers', withBody('POST', { e164: hostile.target.numbers.shared, kind: 'owned' })),
    );

    it("cross-tenant: A's member lists calls → 200 with none of B's, nothing written", async () => {
      await expectNothingWritten(hostile, async () => {
        const response = await send(hostile, '/api/calls?limit=100', { headers: asA() });
        expect(response.status).toBe(200);
        const { items } = (await response.json()) as { items: Array<{ id: string }> };
        expect(items.map((call) => call.id)).not.toContain(b().records.call.id);
        expect(items.map((call) => call.id)).toContain(tenantsOf(hostile).a.records.call.id);
      });
    });
  });

  describe('tool URLs', () => {
    const toolOfA = () => {
      const [tool, other] = tenantsOf(hostile).a.toolUrls;
      if (!tool || !other) throw new Error('runHostileSuite: tenant A needs at least two tool URLs');
      return { tool, other };
    };
    const callTool = (url: string, args: unknown = {}) => {
      const { pathname, search } = new URL(url);
      return send(hostile, `${pathname}${search}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(args),
      });
    };

    it("tools: A's tool at its own signed URL → 200, nothing written (the control case)", async () => {
      await expectNothingWritten(hostile, async () => {
        const response = await callTool(toolOfA().tool.url);
        expect(response.status).toBe(200);
        await response.json();
      });
    });
    refusalCase(
      hostile,
      "tools: A's token for one tool at another tool's URL",
      { status: 401, code: 'TOKEN_WRONG_PURPOSE', writes: ['audit'] },
      () => {
        const { tool, other } = toolOfA();
        return callTool(tool.url.replace(`/${tool.name}?`, `/${other.name}?`));
      },
    );
    refusalCase(hostile, "tools: A's token with its payload tampered", { status: 401, code: 'TOKEN_INVALID' }, () => {
      const url = new URL(toolOfA().tool.url);
      const token = url.searchParams.get('token') ?? '';
      const parts = token.split('.');
      const payload = parts[2] ?? '';
      parts[2] = `${payload.slice(0, -2)}${payload.endsWith('AA') ? 'BB' : 'AA'}`;
      url.searchParams.set('token', parts.join('.'));
      return callTool(url.toString());
    });
    refusalCase(hostile, 'tools: no token at all', { status: 401, code: 'UNAUTHENTICATED' }, () => {
      const url = new URL(toolOfA().tool.url);
      url.searchParams.delete('token');
      return callTool(url.toString());
    });
    refusalCase(hostile, "tools: A's tool name with B's validly signed token (not B's tool)", notFound, async () => {
      // A tool only A has: plugins mounted for every tenant (a calendar's tools) are B's tools too.
      const onlyA = tenantsOf(hostile).a.toolUrls.find(({ name }) => !b().toolUrls.some((own) => own.name === name));
      if (!onlyA) throw new Error('runHostileSuite: tenant A needs a tool that tenant B does not have');
      return callTool(await hostile.target.toolUrl(b().id, onlyA.name));
    });
    it("tools: A's URL with ?tenant_id=B appended → 200 with A's answer, the bare id ignored, nothing written", async () => {
      await expectNothingWritten(hostile, async () => {
        const own = await (await callTool(toolOfA().tool.url)).text();
        const url = new URL(toolOfA().tool.url);
        url.searchParams.set('tenant_id', b().id);
        const response = await callTool(url.toString());
        expect(response.status).toBe(200);
        expect(await response.text()).toBe(own);
      });
    });
  });
}
